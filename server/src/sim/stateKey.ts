// The explorer's state key: everything that decides what can happen next (not time, counters or
// the trace), written as a vector of int32 into a reused buffer. It replaces a string built from
// the same fields joined with commas (one string per branch, half of exploration's time with its
// garbage); two worlds get equal vectors exactly when they got equal strings:
//   - numbers are stored as themselves (a non-integer, never seen so far, by its decimal text);
//   - a continuation event by the text the string used (JSON, or path:<index> for a path step),
//     interned: a program's events are shared between worlds, so each is put into words once;
//   - an IPI by its handler's name, sender, mm and argument;
//   - lists carry their length first, so no two different worlds write the same vector.
import type { Event, Ipi } from './events';
import type { MmLife, World } from './state';

/** Marks a number that is not an int32 (followed by the id of its decimal text). */
const NOT_INT = -0x80000000;

/** Event objects whose ids are remembered, at most (then the cache starts afresh). */
const EVENT_CACHE = 1 << 16;

const LIFE: Readonly<Record<MmLife, number>> = { unborn: 0, live: 1, 'torn-down': 2, freed: 3 };

export class StateKeys {
  /** The last key written: buf[0..len). */
  buf: Int32Array = new Int32Array(256);
  len = 0;
  /**
   * Each event object's id. A Map, emptied now and then, not a WeakMap: steps make fresh events
   * (continuations, one per CPU a scan or an IPI reaches), and a WeakMap entry per fresh event
   * cost the garbage collector more than the whole lookup saves.
   */
  private eventIds = new Map<Event, number>();
  /** Texts (event keys, handler names, odd numbers) and their ids. */
  private readonly texts = new Map<string, number>();

  /** Write the key of `w` to buf[0..len) (buf may be a new, larger array afterwards). */
  encode(w: World): void {
    this.len = 0;
    this.reserve(w);
    this.num(w.flags);
    this.num(w.pathMm);
    for (const c of w.cpus) {
      this.num(c.curr);
      this.num(c.loadedMm);
      this.num(c.loadedGen);
      this.num(c.prevMm);
      this.num(c.hazardSlot);
      this.num(c.lazyRef);
      this.num(c.waiting);
      this.num(c.pc);
      this.put((c.isLazy ? 1 : 0) | (c.irqsOff ? 2 : 0) | (c.savedIrqsOff ? 4 : 0) | (c.online ? 8 : 0) | (c.preempted ? 16 : 0) | (c.mbPending ? 32 : 0));
      const cont = c.cont;
      this.put(cont.length);
      for (let i = 0; i < cont.length; i++) this.put(this.eventId(cont[i]!));
      const inbox = c.inbox;
      this.put(inbox.length);
      for (let i = 0; i < inbox.length; i++) this.ipi(inbox[i]!);
    }
    for (const t of w.tasks) {
      this.num(t.mm);
      this.num(t.activeMm);
      this.num(t.usersRef);
      this.num(t.useRef);
    }
    for (const mm of w.mms) {
      this.num(mm.users);
      this.num(mm.count);
      this.put(LIFE[mm.life] ?? this.textId(`life:${mm.life}`));
      this.num(mm.tlbGen);
      const mask = mm.cpumask;
      for (let i = 0; i < mask.length; i++) this.put(mask[i]!);
      this.num(mm.usersHold);
      this.num(mm.pathCount);
      this.num(mm.pathUsers);
      this.num(mm.ownerCount);
      this.num(mm.handedOver);
      this.num(mm.handedOverUsers);
    }
  }

  /** Make buf large enough for the key of `w` (two words per number, at most), so put() need not check. */
  private reserve(w: World): void {
    let words = 4;
    for (const c of w.cpus) words += 2 * 8 + 3 + c.cont.length + 8 * c.inbox.length;
    words += 2 * 4 * w.tasks.length;
    for (const mm of w.mms) words += 2 * 10 + mm.cpumask.length;
    if (words > this.buf.length) this.buf = new Int32Array(Math.max(words, 2 * this.buf.length));
  }

  private put(v: number): void {
    this.buf[this.len++] = v;
  }

  /** A number field: itself if an int32, else the id of its decimal text (as String() writes it). */
  private num(v: number): void {
    if ((v | 0) === v && v !== NOT_INT) {
      this.put(v);
    } else {
      this.put(NOT_INT);
      this.put(this.textId(`${v}`));
    }
  }

  private ipi(ipi: Ipi): void {
    this.put(this.textId(ipi.handler.name));
    this.num(ipi.from);
    this.num(ipi.mm);
    this.num(ipi.arg);
  }

  private eventId(ev: Event): number {
    let id = this.eventIds.get(ev);
    if (id === undefined) {
      id = this.textId(ev.k === 'path' ? `path:${ev.index}` : JSON.stringify(ev));
      if (this.eventIds.size >= EVENT_CACHE) this.eventIds = new Map();
      this.eventIds.set(ev, id);
    }
    return id;
  }

  private textId(text: string): number {
    let id = this.texts.get(text);
    if (id === undefined) {
      id = this.texts.size;
      this.texts.set(text, id);
    }
    return id;
  }
}
