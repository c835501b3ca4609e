import Link from 'next/link';
import { ApprovalsLink } from '../approvals/approvals-link';
import { EmergencyBanner } from '../emergency/emergency-banner';
import { EmergencyButton } from '../emergency/emergency-button';
import { ThemeToggle } from './theme-toggle';

export function AppHeader() {
  return (
    <header className="border-b border-slate-800 bg-slate-900/80">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
        <Link
          href="/"
          className="flex items-center gap-2 font-semibold tracking-tight text-slate-50"
        >
          <span
            aria-hidden
            className="grid size-7 place-items-center rounded-md bg-sky-500 text-sm font-bold text-ink"
          >
            F
          </span>
          Flowdeck
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm text-slate-300">
          <Link href="/" className="hover:text-slate-50">
            Workflows
          </Link>
          <Link href="/executions" className="hover:text-slate-50">
            Executions
          </Link>
          <Link href="/portfolio" className="hover:text-slate-50">
            Portfolio
          </Link>
          <ApprovalsLink />
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <ThemeToggle />
          <EmergencyButton />
        </div>
      </div>
      <EmergencyBanner />
    </header>
  );
}
