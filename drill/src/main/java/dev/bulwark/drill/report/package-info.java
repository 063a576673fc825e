/**
 * A drill's reports: the terminal table, JSON with every injection, CSV, and one self-contained HTML file with
 * charts. Each reads a {@link dev.bulwark.drill.DrillReport} and nothing else.
 */
package dev.bulwark.drill.report;
