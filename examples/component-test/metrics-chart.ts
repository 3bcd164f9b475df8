/**
 * A small framework-free chart of a Firehose stream's CloudWatch metrics: IncomingRecords and
 * ThrottledRecords, Sum per minute, read with GetMetricData. The bars are a hand-drawn SVG; a
 * visually hidden table lists the same numbers for screen readers (and tests). The dev app and the
 * "Metrics" story render it.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch'

export const CHART_METRICS = ['IncomingRecords', 'ThrottledRecords'] as const
export type ChartMetric = (typeof CHART_METRICS)[number]

export interface MetricsChartOptions {
  cloudwatch: CloudWatchClient
  streamName: string
  /** How many minutes to show, the current one last. Default 10. */
  minutes?: number
  /** The clock the window is taken from: the mock's, when the mock runs on a manual clock. Default `Date.now()`. */
  now?: () => number
  /** Reads the metrics again every `pollMs`; 0 (default): only on mount and `refresh()`. */
  pollMs?: number
}

export interface MetricsChartHandle {
  /** Reads the metrics again and redraws. */
  refresh(): Promise<void>
  /** Stops polling and removes the chart. */
  destroy(): void
}

/** One minute of the window: its start (epoch ms) and each metric's Sum (0 when CloudWatch has no datapoint). */
export interface MinuteValues {
  minute: number
  values: Record<ChartMetric, number>
}

const MINUTE = 60_000
const SVG = 'http://www.w3.org/2000/svg'
const COLORS: Record<ChartMetric, string> = { IncomingRecords: '#0b6bcb', ThrottledRecords: '#c2410c' }
const WIDTH = 560
const HEIGHT = 200
const PAD = { left: 40, right: 8, top: 12, bottom: 26 }
/** Off screen but read by screen readers: the table behind the chart. */
const VISUALLY_HIDDEN =
  'position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap'

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  if (text) node.textContent = text
  return node
}

function svg(tag: string, attrs: Record<string, string | number> = {}, text = ''): SVGElement {
  const node = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  if (text) node.textContent = text
  return node
}

const hhmm = (t: number): string => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false })

/** The smallest 1, 2 or 5 × 10ⁿ at or above `n` (at least 1), so the axis has round numbers. */
function niceMax(n: number): number {
  if (n <= 1) return 1
  const power = 10 ** Math.floor(Math.log10(n))
  return ([1, 2, 5, 10].find((step) => step * power >= n) ?? 10) * power
}

const query = (metric: ChartMetric, streamName: string): MetricDataQuery => ({
  Id: metric === 'IncomingRecords' ? 'incoming' : 'throttled',
  MetricStat: {
    Metric: { Namespace: 'AWS/Firehose', MetricName: metric, Dimensions: [{ Name: 'DeliveryStreamName', Value: streamName }] },
    Period: 60,
    Stat: 'Sum',
  },
})

/** Reads the window's per-minute sums with one GetMetricData call; minutes without a datapoint count 0. */
export async function readMinutes(
  cloudwatch: CloudWatchClient,
  streamName: string,
  first: number,
  minutes: number,
): Promise<MinuteValues[]> {
  const queries = CHART_METRICS.map((metric) => query(metric, streamName))
  const { MetricDataResults = [] } = await cloudwatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(first),
      EndTime: new Date(first + minutes * MINUTE),
      ScanBy: 'TimestampAscending',
    }),
  )
  const rows: MinuteValues[] = Array.from({ length: minutes }, (_, i) => ({
    minute: first + i * MINUTE,
    values: { IncomingRecords: 0, ThrottledRecords: 0 },
  }))
  CHART_METRICS.forEach((metric, m) => {
    const result = MetricDataResults.find((r) => r.Id === queries[m]!.Id)
    result?.Timestamps?.forEach((at, i) => {
      const row = rows[Math.round((at.getTime() - first) / MINUTE)]
      if (row) row.values[metric] = result.Values?.[i] ?? 0
    })
  })
  return rows
}

function drawBars(rows: MinuteValues[], label: string): SVGElement {
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: '100%',
    role: 'img',
    'aria-label': label,
    'data-testid': 'metrics-svg',
  })
  chart.style.maxWidth = `${WIDTH}px`
  chart.style.display = 'block'
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const top = niceMax(Math.max(...rows.flatMap((r) => CHART_METRICS.map((m) => r.values[m]))))
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH
  // Counts: only whole-number gridlines.
  for (const tick of [0, top / 2, top].filter(Number.isInteger)) {
    chart.append(
      svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick), stroke: '#dde3ea', 'stroke-width': 1 }),
      svg('text', { x: PAD.left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#66727f' }, String(tick)),
    )
  }
  const slot = plotW / rows.length
  const bar = Math.max(2, slot * 0.34)
  const labelEvery = Math.ceil(rows.length / 12)
  rows.forEach((row, i) => {
    const x = PAD.left + i * slot + (slot - 2 * bar) / 2
    CHART_METRICS.forEach((metric, m) => {
      const value = row.values[metric]
      const rect = svg('rect', {
        x: x + m * bar,
        y: y(value),
        width: bar - 1,
        height: (value / top) * plotH,
        fill: COLORS[metric],
        'data-metric': metric,
        'data-minute': new Date(row.minute).toISOString(),
      })
      rect.append(svg('title', {}, `${hhmm(row.minute)} ${metric}: ${value}`))
      chart.append(rect)
    })
    if (i % labelEvery === 0) {
      chart.append(
        svg(
          'text',
          { x: PAD.left + i * slot + slot / 2, y: HEIGHT - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#66727f' },
          hhmm(row.minute),
        ),
      )
    }
  })
  return chart
}

function drawTable(rows: MinuteValues[], streamName: string): HTMLTableElement {
  const table = el('table', { 'data-testid': 'metrics-table', style: VISUALLY_HIDDEN })
  table.append(el('caption', {}, `Records per minute for ${streamName} (AWS/Firehose, Sum)`))
  const head = el('tr')
  head.append(el('th', { scope: 'col' }, 'Minute'), ...CHART_METRICS.map((m) => el('th', { scope: 'col' }, m)))
  const body = el('tbody')
  for (const row of rows) {
    const tr = el('tr', { 'data-minute': new Date(row.minute).toISOString() })
    tr.append(
      el('th', { scope: 'row' }, hhmm(row.minute)),
      ...CHART_METRICS.map((m) => el('td', { 'data-metric': m }, String(row.values[m]))),
    )
    body.append(tr)
  }
  const thead = el('thead')
  thead.append(head)
  table.append(thead, body)
  return table
}

export function mountMetricsChart(root: HTMLElement, options: MetricsChartOptions): MetricsChartHandle {
  const { cloudwatch, streamName, minutes = 10, now = () => Date.now(), pollMs = 0 } = options
  const figure = el('figure', {
    class: 'metrics-chart',
    'data-testid': 'metrics-chart',
    'data-stream': streamName,
    'data-state': 'loading',
  })
  figure.style.margin = '0'
  figure.style.fontFamily = 'system-ui, sans-serif'
  figure.style.position = 'relative'
  const caption = el('figcaption', {}, `${CHART_METRICS.join(' and ')} per minute · ${streamName}`)
  const legend = el('p', { 'data-testid': 'metrics-legend' })
  legend.style.margin = '4px 0'
  legend.style.fontSize = '12px'
  const plot = el('div')
  const status = el('p', { 'data-testid': 'metrics-status' }, 'Loading metrics…')
  status.style.margin = '4px 0 0'
  status.style.fontSize = '12px'
  figure.append(caption, legend, plot, status)
  root.append(figure)

  let destroyed = false
  /** Bumps on every read, so an answer that arrives after a newer one is dropped. */
  let reads = 0

  function render(rows: MinuteValues[]): void {
    const totals = Object.fromEntries(CHART_METRICS.map((m) => [m, rows.reduce((sum, r) => sum + r.values[m], 0)])) as Record<
      ChartMetric,
      number
    >
    const span = `${hhmm(rows[0]!.minute)}–${hhmm(rows.at(-1)!.minute)}`
    legend.replaceChildren(
      ...CHART_METRICS.map((m) => {
        const item = el('span', { 'data-metric': m })
        item.style.marginRight = '14px'
        const swatch = el('span', { 'aria-hidden': 'true' })
        swatch.style.cssText = `display:inline-block;width:10px;height:10px;margin-right:4px;background:${COLORS[m]}`
        item.append(swatch, `${m} ${totals[m]}`)
        return item
      }),
    )
    const label = `${CHART_METRICS.join(' and ')} per minute for ${streamName}, ${span}: ${totals.IncomingRecords} incoming, ${totals.ThrottledRecords} throttled`
    plot.replaceChildren(drawBars(rows, label), drawTable(rows, streamName))
  }

  async function refresh(): Promise<void> {
    const mine = ++reads
    const first = Math.floor(now() / MINUTE) * MINUTE - (minutes - 1) * MINUTE
    try {
      const rows = await readMinutes(cloudwatch, streamName, first, minutes)
      if (destroyed || mine !== reads) return
      render(rows)
      figure.dataset.state = 'ready'
      status.textContent = `GetMetricData at ${new Date(now()).toLocaleTimeString([], { hour12: false })}`
    } catch (error) {
      if (destroyed || mine !== reads) return
      figure.dataset.state = 'error'
      status.textContent = `GetMetricData failed: ${(error as Error).name}: ${(error as Error).message}`
    }
  }

  const timer = pollMs > 0 ? setInterval(() => void refresh(), pollMs) : undefined
  void refresh()
  return {
    refresh,
    destroy() {
      destroyed = true
      clearInterval(timer)
      figure.remove()
    },
  }
}
