'use client';
/** "Approvals" in the header of every page, with the number of pending approvals as a badge. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { usePendingApprovals } from './use-approvals';

export function ApprovalsLink() {
  const { data } = usePendingApprovals();
  const count = data?.length ?? 0;
  const isHere = usePathname() === '/approvals';
  return (
    <Link
      href="/approvals"
      aria-current={isHere ? 'page' : undefined}
      aria-label={count > 0 ? `Approvals, ${count} pending` : 'Approvals'}
      className={`inline-flex items-center gap-1.5 hover:text-slate-50 ${isHere ? 'text-slate-50' : ''}`}
    >
      Approvals
      {count > 0 && (
        <span
          aria-hidden
          data-testid="approvals-badge"
          className="min-w-5 rounded-full bg-amber-400 px-1.5 text-center text-xs leading-5 font-semibold text-ink tabular-nums"
        >
          {count}
        </span>
      )}
    </Link>
  );
}
