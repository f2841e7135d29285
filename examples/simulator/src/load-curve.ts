// Day/night load: requests per minute as a share of the peak, lowest around
// 04:00 UTC and highest around 16:00, lighter at weekends.

export function loadFactor(epochSeconds: number): number {
  const date = new Date(epochSeconds * 1000)
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60
  const daily = 0.25 + 0.75 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24))
  const day = date.getUTCDay()
  return daily * (day === 0 || day === 6 ? 0.7 : 1)
}
