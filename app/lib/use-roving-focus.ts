'use client';

import { type RefObject, useEffect } from 'react';

/** The controls a toolbar moves between: enabled buttons, fields and links. */
const ITEMS = 'button:not(:disabled), select:not(:disabled), input:not(:disabled), a[href]';

/** The step each key takes along a horizontal toolbar; Home and End jump to the ends. */
const STEPS: Record<string, number | 'first' | 'last'> = {
  ArrowRight: 1,
  ArrowLeft: -1,
  Home: 'first',
  End: 'last',
};

/**
 * A roving tab stop for a toolbar (the WAI-ARIA toolbar pattern): only one of its controls is in the
 * Tab order (the last one used, else the first), and the arrow keys, Home and End move between them,
 * wrapping at the ends. Up and Down stay with the control, so a select still changes its value.
 * Controls that come, go or get disabled are picked up as they change; when the focused one goes,
 * the focus moves to the control now in its place.
 */
export function useRovingFocus(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    let active: HTMLElement | null = null;
    let activeIndex = 0;
    const items = () => [...root.querySelectorAll<HTMLElement>(ITEMS)];
    const apply = () => {
      const list = items();
      // A control that vanished while focused ("Start clock" becoming "Pause clock") hands the focus
      // to the one now in its place, instead of dropping it out of the toolbar.
      const lost = active !== null && !active.isConnected && document.activeElement === document.body;
      if (!active || !list.includes(active)) active = list[Math.min(activeIndex, list.length - 1)] ?? null;
      for (const item of list) item.tabIndex = item === active ? 0 : -1;
      if (lost) active?.focus();
    };
    const onFocusIn = (event: FocusEvent) => {
      const index = items().indexOf(event.target as HTMLElement);
      if (index < 0) return;
      active = event.target as HTMLElement;
      activeIndex = index;
      apply();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      const step = STEPS[event.key];
      const list = items();
      const index = list.indexOf(event.target as HTMLElement);
      if (step === undefined || index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      // A text field keeps its arrow keys for the caret.
      const target = event.target as HTMLElement;
      if (target instanceof HTMLInputElement && !['checkbox', 'radio'].includes(target.type)) return;
      event.preventDefault();
      const next =
        step === 'first' ? 0 : step === 'last' ? list.length - 1 : (index + step + list.length) % list.length;
      list[next]?.focus();
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled'],
    });
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('keydown', onKeyDown);
    return () => {
      observer.disconnect();
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('keydown', onKeyDown);
    };
  }, [ref]);
}
