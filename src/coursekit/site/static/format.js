/* coursekit: study times, counts and days in the CLI's wording ("7–10 h", "3 h 15 min",
 * "2 lessons", "Tue 5 Jan 2027"). No DOM here.
 */
import { timeValue, utcTime } from "./event-fields.js";
import { formatNumber as num, language, t } from "./messages.js";

// The page's words for hours and minutes ("%(count)s h"; "%(count)s Std." in German).
const hoursOf = (count) => t("%(count)s h", { count });
const minutesOf = (count) => t("%(count)s min", { count });

export function formatMinutes(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return minutesOf(num(rest));
  return rest ? `${hoursOf(num(hours))} ${minutesOf(num(rest))}` : hoursOf(num(hours));
}

/** A range of minutes: "7–10 h", "30–60 min", "3 h 15 min – 4 h 15 min", "0 h". */
export function formatRange(low, high) {
  if (low === 0 && high === 0) return hoursOf(num(0));
  if (low === high) return formatMinutes(low);
  if (low % 60 === 0 && high % 60 === 0 && low) return hoursOf(`${num(low / 60)}–${num(high / 60)}`);
  if (high <= 60) return minutesOf(`${num(low)}–${num(high)}`);
  return `${formatMinutes(low)} – ${formatMinutes(high)}`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A UTC time as the learner's local day, as the CLI writes days: "Tue 5 Jan 2027". */
export function formatDay(iso) {
  if (!utcTime(iso)) return "";
  return dayText(new Date(timeValue(iso)));
}

/** A moment's local day, "Tue 5 Jan 2027"; in another language as its locale writes
 * days ("mar. 5 janv. 2027"). */
export function dayText(moment) {
  if (language() !== "en") {
    try {
      const style = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
      return new Intl.DateTimeFormat(language(), style).format(moment);
    } catch (_) {
      // an unknown language tag: the English form
    }
  }
  return `${WEEKDAYS[moment.getDay()]} ${moment.getDate()} ${MONTHS[moment.getMonth()]} ${moment.getFullYear()}`;
}
