/**
 * Colours with shapes and dashes beside them (bars, solid line, dashed line, triangles). A module of their own
 * so the legend and the week panels do not load uPlot.
 */
export const CHART_COLOURS = { distance: '#3b6fd8', ramp: '#d9480f', share: '#2b8a3e', pain: '#c2255c' };
