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
          title: { text: spec.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
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
          grid: { left: 56, right: 16, top: 48, bottom: 28 },
          xAxis: { type: 'time', min: spec.from, max: spec.to, axisLabel: { hideOverlap: true, formatter: function (v) { return format(spec.timeZone, tick, v); } } },
          yAxis: { type: 'value', name: spec.unit, nameLocation: 'end', nameGap: 10, nameTextStyle: { align: 'right', color: '#5e6d80' }, min: 0 },
          graphic: total === 0 ? [{ type: 'text', left: 'center', top: 'middle', style: { text: spec.empty, fill: '#5e6d80', fontSize: 14 } }] : [],
          series: spec.lines.map(function (line) {
            return { name: line.name, type: 'line', showSymbol: false, smooth: false, areaStyle: spec.lines.length === 1 ? { opacity: 0.15 } : undefined, data: line.points };
          })
        }, { notMerge: true });
        element.setAttribute('data-points', total);
        element.setAttribute('aria-label', spec.title + (total === 0 ? ': ' + spec.empty : ''));
      });
    }
  };
})();
