extension DashboardPage {
    /// The page's style sheet, inline: one column on a phone, charts beside their tables from
    /// 900 px, text at a readable size and contrast, and a layout that prints.
    static let styleSheet: StaticString = """
        :root { --ink: #1c2430; --muted: #535d6b; --line: #d5dae1; --page: #f4f5f7; --card: #ffffff; --accent: #0b5cad; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--page); color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 16px; }
        header { padding-top: 20px; }
        h1 { font-size: 1.6rem; line-height: 1.2; margin: 0 0 6px; }
        h2 { font-size: 1.2rem; margin: 0 0 6px; }
        p { margin: 8px 0; }
        a { color: var(--accent); }
        a:focus-visible, .scroll:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 10px 0 0; font-size: 0.95rem; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 16px 0; }
        .intro, .note, footer, caption, .legend, .empty { color: var(--muted); }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; margin: 8px 0 0; }
        .tiles div { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
        .tiles dt { font-size: 0.9rem; color: var(--muted); }
        .tiles dd { margin: 2px 0 0; }
        .tiles .value { display: block; font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
        .tiles .note { display: block; font-size: 0.85rem; }
        .pair { display: grid; grid-template-columns: minmax(0, 1fr); gap: 8px 24px; align-items: start; }
        .pair.wide .charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 24px; }
        @media (min-width: 900px) {
          .pair { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
          .pair.wide { grid-template-columns: minmax(0, 1fr); }
          .pair.wide .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
        }
        figure { margin: 0 0 8px; }
        figcaption { font-weight: 600; margin: 8px 0 0; }
        svg.chart { display: block; width: 100%; max-width: 520px; height: auto; margin: 6px 0 0; font-family: inherit; }
        svg.chart text { font-size: 13px; fill: var(--ink); }
        svg.chart .grid { stroke: var(--line); stroke-width: 1; }
        svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 6px 0 14px; font-size: 0.9rem; }
        .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; }
        .swatch.line { width: 22px; height: 0; border-top: 3px solid; border-radius: 0; vertical-align: 4px; background: none; }
        .swatch.dashed { border-top-style: dashed; }
        .scroll { overflow-x: auto; margin: 0 0 12px; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 0.95rem; }
        caption { text-align: left; font-size: 0.9rem; padding: 0 0 4px; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--muted); font-weight: 600; }
        tbody th { font-weight: 400; white-space: nowrap; }
        tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--muted); }
        .n { text-align: right; white-space: nowrap; }
        thead th.n { white-space: normal; }
        td { overflow-wrap: break-word; }
        .definitions dt { font-weight: 600; margin-top: 10px; }
        .definitions dd { margin: 2px 0 0; }
        footer { padding-bottom: 24px; font-size: 0.9rem; }
        @media (max-width: 480px) {
          header, main, footer { padding: 0 8px; } section { padding: 12px; }
          table { font-size: 0.85rem; } th, td { padding: 4px 5px; }
        }
        @media print { body { background: #fff; } section { break-inside: avoid; border: 0; padding: 0; } nav { display: none; } }

        """
}
