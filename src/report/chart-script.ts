/**
 * The inline script that draws each order's chart as SVG from the JSON in `#decree-data`. Plain
 * browser JavaScript kept as text (it must not pass through a bundler or coverage instrumenter);
 * it only ever sets `textContent` and attributes, never markup, so user text cannot inject.
 */
export const CHART_SCRIPT = String.raw`(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var LABEL = 250, LANE = 20, GAP = 5, TOP = 34, RIGHT = 20, BOTTOM = 10;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var source = document.getElementById('decree-data');
  if (!source) return;
  var data = JSON.parse(source.textContent || '{}');
  function day(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000; }
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, attrs, s) { var t = el('text', attrs, parent); t.textContent = s; return t; }
  function words(status) { return status === 'absent' ? 'not listed' : status === 'non_compliant' ? 'non-compliant' : status.replace(/_/g, ' '); }
  function cls(status) { return 's-' + status.replace(/[^a-z_]/g, ''); }
  function fit(t, title, suffix, max) {
    var s = title.length > 60 ? title.slice(0, 60) : title;
    t.textContent = s === title ? title + suffix : s + '\u2026' + suffix;
    while (s.length > 1 && t.getComputedTextLength() > max) {
      s = s.slice(0, -1);
      t.textContent = s.replace(/\s+$/, '') + '\u2026' + suffix;
    }
  }
  function name(lane) { return lane.label + (lane.key ? ' (' + lane.key + ')' : lane.occurrences ? ' (' + lane.occurrences + ' occurrences)' : ''); }
  var PROBLEM = { overdue: true, breached: true, unverified: true };
  function tip(lane, seg) {
    var lines = [lane.kind === 'order' ? 'Order' : lane.id + ' \u2014 ' + name(lane), 'status: ' + words(seg.status), seg.from + ' \u2013 ' + seg.to];
    if (seg.dueOn) lines.push('due ' + seg.dueOn);
    if (seg.satisfiedOn) lines.push('evidence ' + seg.satisfiedOn);
    return lines.join('\n');
  }
  function draw(order, host) {
    var start = day(order.from), end = day(order.to) + 1, span = Math.max(1, end - start);
    var room = (host.parentElement ? host.parentElement.clientWidth : 0) - LABEL - RIGHT - 2;
    var plot = Math.max(640, room, Math.min(2400, Math.round(span / 365.25 * 56)));
    var scale = plot / span;
    function x(d) { return LABEL + (day(d) - start) * scale; }
    var height = TOP + order.lanes.length * (LANE + GAP) + BOTTOM;
    var width = LABEL + plot + RIGHT;
    var svg = el('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'Status over time of ' + order.title + ', ' + order.from + ' to ' + order.to });
    host.textContent = '';
    host.appendChild(svg); // attached first, so label widths can be measured
    var axis = el('g', { 'class': 'axis' }, svg);
    var y0 = +order.from.slice(0, 4), y1 = +order.to.slice(0, 4), years = y1 - y0;
    var step = years > 30 ? 5 : years > 15 ? 2 : 1;
    var firstJan = day(String(y0 + 1).padStart(4, '0') + '-01-01');
    if (order.from.slice(5) !== '01-01' && (firstJan - start) * scale > 40) text(axis, { 'class': 'tick-label', x: LABEL + 3, y: TOP - 8 }, String(y0));
    for (var y = y0; y <= y1 + 1; y++) {
      for (var m = 1; m <= 12; m++) {
        if (m > 1 && years > 3) break;
        var iso = String(y).padStart(4, '0') + '-' + String(m).padStart(2, '0') + '-01';
        var dd = day(iso);
        if (dd < start || dd > end) continue;
        var major = m === 1 && y % step === 0;
        el('line', { 'class': 'tick' + (m === 1 ? ' year' : ''), x1: x(iso), x2: x(iso), y1: TOP - 6, y2: height - BOTTOM }, axis);
        if (major && x(iso) < LABEL + plot - 28) text(axis, { 'class': 'tick-label', x: x(iso) + 3, y: TOP - 8 }, String(y));
        else if (m > 1 && years <= 1) text(axis, { 'class': 'tick-label', x: x(iso) + 3, y: TOP - 8 }, MONTHS[m - 1]);
      }
    }
    order.lanes.forEach(function (lane, i) {
      var top = TOP + i * (LANE + GAP);
      var g = el('g', { 'class': 'lane', 'data-lane': lane.id }, svg);
      var label = text(g, { 'class': 'lane-label' + (lane.kind === 'order' ? ' order-lane' : ''), x: 10, y: top + LANE / 2 + 4 }, '');
      fit(label, lane.label, lane.key ? ' (' + lane.key + ')' : lane.occurrences ? ' (\u00d7' + lane.occurrences + ')' : '', LABEL - 22);
      el('title', {}, label).textContent = lane.kind === 'order' ? 'Order ' + order.orderId : lane.id + ' \u2014 ' + name(lane);
      lane.segments.forEach(function (seg) {
        var left = x(seg.from), w = Math.max(PROBLEM[seg.status] ? 3 : 1.5, x(seg.to) + scale - left); // a problem never vanishes at any scale
        var r = el('rect', { 'class': 'mark ' + cls(seg.status), x: left.toFixed(2), y: top, width: w.toFixed(2), height: LANE, rx: 2,
          'data-order': order.orderId, 'data-occurrence': lane.id, 'data-status': seg.status, 'data-from': seg.from, 'data-to': seg.to }, g);
        el('title', {}, r).textContent = tip(lane, seg);
        var words_ = words(seg.status);
        if (seg.status !== 'absent' && w > words_.length * 6 + 10) text(g, { 'class': 'seg-label ' + cls(seg.status), x: left + 5, y: top + LANE / 2 + 4 }, words_);
      });
      var dues = {};
      (lane.dues || lane.segments.map(function (seg) { return seg.dueOn; })).forEach(function (dueOn) {
        if (!dueOn || dues[dueOn] || day(dueOn) < start || day(dueOn) >= end) return;
        dues[dueOn] = true;
        var cx = x(dueOn) + scale, cy = top + LANE;
        var due = el('path', { 'class': 'due', d: 'M' + cx + ' ' + (cy - 6) + ' l4 6 l-8 0 z' }, g);
        el('title', {}, due).textContent = lane.id + ' due ' + dueOn;
      });
      if (lane.kind === 'order') el('line', { 'class': 'divider', x1: 10, x2: width - RIGHT, y1: top + LANE + GAP / 2, y2: top + LANE + GAP / 2 }, svg);
    });
    var a = day(order.asOf);
    if (a >= start && a < end) {
      var ax = x(order.asOf) + scale / 2, right = ax > LABEL + plot - 90;
      el('line', { 'class': 'asof', x1: ax, x2: ax, y1: TOP - 6, y2: height - BOTTOM }, svg);
      text(svg, { 'class': 'asof-label', x: right ? ax - 4 : ax + 4, y: 2, 'text-anchor': right ? 'end' : 'start', 'dominant-baseline': 'hanging' }, 'as of ' + order.asOf);
    }
  }
  (data.orders || []).forEach(function (order, i) {
    var host = document.querySelector('[data-chart="' + i + '"]');
    if (host) draw(order, host);
  });
  document.documentElement.setAttribute('data-chart-drawn', 'true');
})();
`;
