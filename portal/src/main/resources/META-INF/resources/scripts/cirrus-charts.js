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
  window.cirrusCharts = {
    render: function (element, spec) {
      whenReady(element, function () {
        var chart = chartOf(element);
        chart.setOption({
          animation: false,
          title: { text: spec.title, left: 0, textStyle: { fontSize: 13, fontWeight: 600 } },
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '' : (Math.round(v * 100) / 100) + ' ' + spec.unit; } },
          legend: { show: spec.lines.length > 1, top: 0, right: 0, type: 'scroll', width: '60%' },
          grid: { left: 48, right: 16, top: 36, bottom: 28 },
          xAxis: { type: 'time', min: spec.from, max: spec.to },
          yAxis: { type: 'value', name: spec.unit, nameTextStyle: { align: 'left' }, min: 0 },
          series: spec.lines.map(function (line) {
            return { name: line.name, type: 'line', showSymbol: false, smooth: false, areaStyle: spec.lines.length === 1 ? { opacity: 0.15 } : undefined, data: line.points };
          })
        }, { notMerge: true });
        element.setAttribute('data-points', spec.lines.reduce(function (n, l) { return n + l.points.length; }, 0));
      });
    }
  };
})();
