/* coursekit: the site's course.json (the course index), checked into the shape the
 * pages need: {id, modules: [{id, title, lessons, cards, hasExercises}], lessons:
 * Map(id -> lesson)}, each lesson {id, module, title, low, high, status, available}
 * with its study time in minutes; `available` is false for planned ("coming soon")
 * lessons, which no progress figure counts. A stale or odd index cannot break a
 * page: what does not fit is left out.
 */

/** Whether a lesson of this status can be studied now (ready or draft). */
export function isAvailable(status) {
  return status !== "planned";
}

/** The lessons a learner can study now, of a module or of a list of lessons. */
export function availableLessons(lessons) {
  return lessons.filter((lesson) => lesson.available);
}

/** The index from course.json's data, or null when it is not a course index. */
export function indexCourse(data) {
  if (!data || typeof data.id !== "string" || !Array.isArray(data.modules)) return null;
  const modules = [];
  const lessons = new Map();
  for (const m of data.modules) {
    if (!m || typeof m.id !== "string" || !Array.isArray(m.lessons)) continue;
    const cards = Array.isArray(m.flashcards) ? m.flashcards.filter((c) => c && typeof c.id === "string").map((c) => c.id) : [];
    const count = (key) => (Array.isArray(m[key]) ? m[key].length : 0);
    const hasExercises = cards.length + count("scenarios") + count("tasks") > 0;
    const module = { id: m.id, title: String(m.title || m.id), lessons: [], cards, hasExercises };
    for (const x of m.lessons) {
      if (!x || typeof x.id !== "string") continue;
      const [low, high] = Array.isArray(x.study_time) ? x.study_time.map(Number) : [0, 0];
      const status = String(x.status || "ready");
      const lesson = {
        id: x.id,
        module: m.id,
        title: String(x.title || x.id),
        low: Number.isFinite(low) ? low : 0,
        high: Number.isFinite(high) ? high : 0,
        status,
        available: isAvailable(status),
      };
      module.lessons.push(lesson);
      lessons.set(lesson.id, lesson);
    }
    modules.push(module);
  }
  return { id: data.id, modules, lessons };
}

/** The index of the site at `root` (a URL), or null when it has none. */
export async function fetchCourse(root) {
  try {
    const response = await fetch(new URL("course.json", root), { credentials: "same-origin" });
    return response.ok ? indexCourse(await response.json()) : null;
  } catch (_) {
    return null;
  }
}
