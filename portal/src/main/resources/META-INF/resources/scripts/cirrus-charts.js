// Time-series charts of the Cirrus portal on ECharts (loaded from its WebJar at run time; no frontend bundle).
// The server calls window.cirrusCharts.render(element, spec) with already downsampled points.
(function () {
  if (window.cirrusCharts) {
    return;
  }
  function whenReady(element, then) {
    if (window.echarts && element.isConnected) {
      then();
    } else {
      setTimeout(function () { whenReady(element, then); }, 50);
    }
  }
  function chartOf(element) {
    if (!element.__cirrusChart) {
      element.__cirrusChart = window.echarts.init(element);
      new ResizeObserver(function () { element.__cirrusChart.resize(); }).observe(element);
    }
    return element.__cirrusChart;
  }
  // Times on the axis and in the tooltip are in the tenant's time zone (spec.timeZone), not the browser's.
  var formats = {};
  function format(timeZone, options, value) {
    var key = timeZone + JSON.stringify(options);
    if (!formats[key]) {
      formats[key] = new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: timeZone, hourCycle: 'h23' }, options));
    }
    return formats[key].format(new Date(value));
  }
  window.cirrusCharts = {
    render: function (element, spec) {
      whenReady(element, function () {
        var chart = chartOf(element);
        var total = spec.lines.reduce(function (n, l) { return n + l.points.length; }, 0);
        var long = spec.to - spec.from > 2 * 24 * 3600 * 1000;
        var tick = long ? { day: 'numeric', month: 'short' } : { hour: '2-digit', minute: '2-digit' };
        var full = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };
        var unit = spec.unit ? ' ' + spec.unit : '';
        chart.setOption({
          animation: false,
          title: { show: spec.showTitle !== false, text: spec.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
          tooltip: {
            trigger: 'axis',
            axisPointer: { label: { formatter: function (p) { return p.axisDimension === 'x' ? format(spec.timeZone, full, p.value) : p.value; } } },
            formatter: function (params) {
              if (!params.length) { return ''; }
              return format(spec.timeZone, full, params[0].value[0]) + params.map(function (p) {
                return '<br>' + p.marker + p.seriesName + ': ' + (Math.round(p.value[1] * 100) / 100) + unit;
              }).join('');
            }
          },
          legend: { show: spec.lines.length > 1, top: 0, right: 0, type: 'scroll', width: '60%' },
          grid: { left: 56, right: 16, top: spec.showTitle === false && spec.lines.length <= 1 ? 28 : 48, bottom: 28 },
          // About one label per 90 px: a half-width chart would otherwise print its times into each other.
          xAxis: { type: 'time', min: spec.from, max: spec.to, splitNumber: Math.max(2, Math.floor((element.clientWidth || 600) / 90)), minInterval: (spec.to - spec.from) / Math.max(2, Math.floor((element.clientWidth || 600) / 90)), axisLabel: { hideOverlap: true, formatter: function (v) { return format(spec.timeZone, tick, v); } } },
          yAxis: { type: 'value', name: spec.unit, nameLocation: 'end', nameGap: 10, nameTextStyle: { align: 'right', color: '#5e6d80' }, min: 0 },
          graphic: total === 0 ? [{ type: 'text', left: 'center', top: 'middle', style: { text: spec.empty, fill: '#5e6d80', fontSize: 14 } }] : [],
          series: spec.lines.map(function (line) {
            return { name: line.name, type: 'line', showSymbol: line.points.length < 3, smooth: false, areaStyle: spec.lines.length === 1 ? { opacity: 0.15 } : undefined, data: line.points };
          })
        }, { notMerge: true });
        element.setAttribute('data-points', total);
        element.setAttribute('aria-label', spec.title + (total === 0 ? ': ' + spec.empty : ''));
      });
    },
    // A dial from spec.min to spec.max, green / amber / red by spec.warn and spec.bad, the value and unit in its
    // middle; spec.value null draws an empty dial that says so.
    gauge: function (element, spec) {
      whenReady(element, function () {
        var chart = chartOf(element);
        var span = spec.max - spec.min;
        function at(v) { return Math.min(1, Math.max(0, (v - spec.min) / span)); }
        var colors = [];
        var warn = spec.warn == null ? null : at(spec.warn), bad = spec.bad == null ? null : at(spec.bad);
        if (warn != null) { colors.push([warn, '#2e9d5b']); }
        if (bad != null) { colors.push([bad, warn != null ? '#d78c00' : '#2e9d5b']); }
        colors.push([1, bad != null ? '#d33131' : warn != null ? '#d78c00' : '#3f7ed8']);
        var has = spec.value != null;
        chart.setOption({
          animation: false,
          series: [{
            type: 'gauge', min: spec.min, max: spec.max, radius: '92%', center: ['50%', '58%'],
            startAngle: 210, endAngle: -30,
            axisLine: { lineStyle: { width: 14, color: colors } },
            pointer: { show: has, width: 5, itemStyle: { color: '#33404f' } },
            axisTick: { distance: -14, length: 5, lineStyle: { color: '#fff', width: 1 } },
            splitLine: { distance: -14, length: 14, lineStyle: { color: '#fff', width: 2 } },
            axisLabel: { distance: 18, color: '#5e6d80', fontSize: 11 },
            detail: {
              valueAnimation: false, offsetCenter: [0, '62%'], fontSize: 22, fontWeight: 600, color: '#1a2533',
              formatter: function (v) { return has ? (Math.round(v * 100) / 100) + (spec.unit ? ' ' + spec.unit : '') : spec.empty; }
            },
            data: [{ value: has ? spec.value : spec.min }]
          }]
        }, { notMerge: true });
        element.setAttribute('data-value', has ? spec.value : '');
        element.setAttribute('aria-label', spec.title + ': ' + (has ? spec.value + (spec.unit ? ' ' + spec.unit : '') : spec.empty));
      });
    }
  };
})();
