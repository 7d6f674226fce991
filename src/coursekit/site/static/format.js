/* coursekit: study times, counts and days in the CLI's wording ("7–10 h", "3 h 15 min",
 * "2 lessons", "Tue 5 Jan 2027"). No DOM here.
 */
import { timeValue, utcTime } from "./event-fields.js";

export function formatMinutes(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return `${rest} min`;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** A range of minutes: "7–10 h", "30–60 min", "3 h 15 min – 4 h 15 min", "0 h". */
export function formatRange(low, high) {
  if (low === 0 && high === 0) return "0 h";
  if (low === high) return formatMinutes(low);
  if (low % 60 === 0 && high % 60 === 0 && low) return `${low / 60}–${high / 60} h`;
  if (high <= 60) return `${low}–${high} min`;
  return `${formatMinutes(low)} – ${formatMinutes(high)}`;
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A UTC time as the learner's local day, as the CLI writes days: "Tue 5 Jan 2027". */
export function formatDay(iso) {
  if (!utcTime(iso)) return "";
  const time = new Date(timeValue(iso));
  return `${WEEKDAYS[time.getDay()]} ${time.getDate()} ${MONTHS[time.getMonth()]} ${time.getFullYear()}`;
}
