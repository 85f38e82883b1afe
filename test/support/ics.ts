/**
 * A small iCalendar reader for the tests (RFC 5545): unfolds the lines, then reads each component's properties,
 * so a test asserts on what a calendar program reads rather than on the text as written.
 */

export interface IcsComponent {
  name: string;
  /** property name → its values (a property may repeat), parameters dropped */
  props: Map<string, string[]>;
  children: IcsComponent[];
}

/** The calendar object of an .ics text: its VCALENDAR, with its components. */
export function parseIcs(text: string): IcsComponent {
  if (!text.endsWith('\r\n')) throw new Error('an iCalendar stream ends its lines with CRLF');
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
  const root: IcsComponent = { name: '', props: new Map(), children: [] };
  const stack: IcsComponent[] = [root];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`not a content line: ${line}`);
    const name = (line.slice(0, colon).split(';')[0] ?? '').toUpperCase();
    const value = line.slice(colon + 1);
    const top = stack.at(-1);
    if (!top) throw new Error('unbalanced END');
    if (name === 'BEGIN') {
      const child: IcsComponent = { name: value, props: new Map(), children: [] };
      top.children.push(child);
      stack.push(child);
    } else if (name === 'END') {
      if (top.name !== value) throw new Error(`END:${value} closes ${top.name}`);
      stack.pop();
    } else {
      top.props.set(name, [...(top.props.get(name) ?? []), value]);
    }
  }
  const calendar = root.children[0];
  if (stack.length !== 1 || !calendar || calendar.name !== 'VCALENDAR') throw new Error('no VCALENDAR');
  return calendar;
}

/** The one value of a property of a component. */
export function prop(c: IcsComponent, name: string): string | undefined {
  return c.props.get(name)?.[0];
}

/** The calendar's one VEVENT. */
export function eventOf(calendar: IcsComponent): IcsComponent {
  const events = calendar.children.filter((c) => c.name === 'VEVENT');
  if (events.length !== 1) throw new Error(`${events.length} VEVENTs`);
  return events[0] as IcsComponent;
}
