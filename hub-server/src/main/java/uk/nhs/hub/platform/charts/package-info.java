/**
 * The hub's own server-rendered charts: horizontal bars (grouped or stacked), lines over time and a grid, each
 * rendered to an SVG string with its figures as table rows, so a page shows the picture and, beside it, the same
 * numbers for anyone who cannot see it. No JavaScript and no third-party script: the charts are plain markup that
 * the content security policy allows. Colours come from the NHS.UK palette and every series also differs by a
 * pattern, a dash or a symbol and carries direct labels, so a chart still reads in greyscale.
 *
 * <p>No Java library in reach renders accessible SVG (a title, a description, role="img") without a browser or AWT,
 * so the module is small and the hub's own.
 */
package uk.nhs.hub.platform.charts;
