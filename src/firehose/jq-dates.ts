/**
 * jq 1.6's date builtins over UTC: `gmtime` (epoch seconds to the broken-down time [year, month
 * 0–11, day, hours, minutes, seconds, weekday, day of the year 0–365]), `mktime`, `strftime` with
 * C's conversions, and `fromdateiso8601` — with jq 1.6's error messages.
 */
/** jq stopped with an error evaluating a query: the message is jq's. */
export class JqRuntimeError extends Error {}

const fail = (message: string): never => {
  throw new JqRuntimeError(message)
}

const show = (v: unknown): string => JSON.stringify(v)

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
export const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill)
const DAY_MS = 86_400_000

/** epoch ms of a UTC date, for any year (Date.UTC reads years 0–99 as 1900–1999). */
function utc(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month, day)
  date.setUTCHours(hours, minutes, seconds)
  return date.getTime()
}

/** jq's broken-down time of epoch seconds: whole seconds as C's `time_t` cast has them, the fraction kept. */
export function gmtime(input: unknown): number[] {
  if (typeof input !== 'number') return fail('gmtime() requires numeric inputs')
  const d = new Date(Math.trunc(input) * 1000)
  if (Number.isNaN(d.getTime())) return fail('gmtime() requires a valid time')
  const year = d.getUTCFullYear()
  return [
    year,
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds() + (input - Math.floor(input)),
    d.getUTCDay(),
    Math.round((utc(year, d.getUTCMonth(), d.getUTCDate()) - utc(year, 0, 1)) / DAY_MS),
  ]
}

/** A broken-down time as jq 1.6 takes it: eight numbers. */
const isBrokenDown = (input: unknown): input is number[] =>
  Array.isArray(input) && input.length >= 8 && input.every((n) => typeof n === 'number')

export function mktime(input: unknown): number {
  if (!Array.isArray(input)) return fail('mktime requires array inputs')
  if (!isBrokenDown(input)) return fail('mktime requires parsed datetime inputs')
  const [year, month, day, hours, minutes, seconds] = input.map(Math.trunc) as [number, number, number, number, number, number]
  const time = Math.floor(utc(year, month, day, hours, minutes, seconds) / 1000)
  return time === -1 ? fail('invalid gmtime representation') : time
}

/** Week of the year with weeks starting on `firstDay` (0 Sunday, 1 Monday), as C's %U and %W count. */
const weekOfYear = (yearDay: number, weekday: number, firstDay: number): number =>
  Math.floor((yearDay + 7 - ((weekday + 7 - firstDay) % 7)) / 7)

export function strftime(input: unknown, format: unknown): string {
  if (typeof format !== 'string') return fail('strftime/1 requires a string format')
  const t = typeof input === 'number' ? gmtime(input) : input
  if (!isBrokenDown(t)) return fail('strftime/1 requires parsed datetime inputs')
  const [year, month, day, hours, minutes] = t.map(Math.trunc) as [number, number, number, number, number]
  const seconds = Math.trunc(t[5]!)
  const weekday = Math.trunc(t[6]!)
  const yearDay = Math.trunc(t[7]!)
  const dayName = DAYS[weekday] ?? '?'
  const monthName = MONTHS[month] ?? '?'
  const h12 = hours % 12 || 12
  const time = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`
  const date = `${pad(month + 1)}/${pad(day)}/${pad(year % 100)}`
  const fields: Record<string, string> = {
    Y: String(year),
    y: pad(year % 100),
    C: pad(Math.floor(year / 100)),
    m: pad(month + 1),
    d: pad(day),
    e: pad(day, 2, ' '),
    H: pad(hours),
    k: pad(hours, 2, ' '),
    I: pad(h12),
    l: pad(h12, 2, ' '),
    M: pad(minutes),
    S: pad(seconds),
    j: pad(yearDay + 1, 3),
    Z: 'UTC',
    z: '+0000',
    a: dayName.slice(0, 3),
    A: dayName,
    b: monthName.slice(0, 3),
    h: monthName.slice(0, 3),
    B: monthName,
    p: hours < 12 ? 'AM' : 'PM',
    P: hours < 12 ? 'am' : 'pm',
    u: String(weekday || 7),
    w: String(weekday),
    U: pad(weekOfYear(yearDay, weekday, 0)),
    W: pad(weekOfYear(yearDay, weekday, 1)),
    s: String(Math.floor(utc(year, month, day, hours, minutes, seconds) / 1000)),
    F: `${year}-${pad(month + 1)}-${pad(day)}`,
    T: time,
    D: date,
    x: date,
    X: time,
    R: `${pad(hours)}:${pad(minutes)}`,
    r: `${pad(h12)}:${pad(minutes)}:${pad(seconds)} ${hours < 12 ? 'AM' : 'PM'}`,
    c: `${dayName.slice(0, 3)} ${monthName.slice(0, 3)} ${pad(day, 2, ' ')} ${time} ${year}`,
    n: '\n',
    t: '\t',
    '%': '%',
  }
  return format.replace(/%(.)/g, (whole, letter: string) => fields[letter] ?? whole)
}

const ISO = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})Z$/

/** `fromdateiso8601`: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime, with the fields' ranges. */
export function fromdate(input: unknown): number {
  if (typeof input !== 'string') return fail('strptime/1 requires string inputs and arguments')
  const fields = ISO.exec(input)?.slice(1).map(Number)
  const [year, month, day, hours, minutes, seconds] = fields ?? []
  if (!fields || month! < 1 || month! > 12 || day! < 1 || day! > 31 || hours! > 23 || minutes! > 59 || seconds! > 60) {
    return fail(`date ${show(input)} does not match format "%Y-%m-%dT%H:%M:%SZ"`)
  }
  return utc(year!, month! - 1, day!, hours, minutes, seconds) / 1000
}
