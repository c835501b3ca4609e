'use client';
/**
 * A modal dialog on the native <dialog> element: focus is trapped and restored by the browser,
 * Escape closes it, and it is announced as a dialog with its title as the accessible name.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  /** Room for a list (templates): 36rem instead of 28rem. */
  wide?: boolean;
};

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  role = 'dialog',
  wide = false,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      role={role}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={`m-auto w-full ${wide ? 'max-w-xl' : 'max-w-md'} rounded-xl border border-slate-700 bg-slate-900 p-6 text-slate-100 shadow-2xl`}
    >
      {open && (
        <>
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {description && (
            <div id={descriptionId} className="mt-2 text-sm text-slate-300">
              {description}
            </div>
          )}
          <div className="mt-5">{children}</div>
        </>
      )}
    </dialog>
  );
}
