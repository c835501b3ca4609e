import Link from 'next/link';
import { ApprovalsLink } from '../approvals/approvals-link';
import { EmergencyBanner } from '../emergency/emergency-banner';
import { EmergencyButton } from '../emergency/emergency-button';

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
            className="grid size-7 place-items-center rounded-md bg-sky-500 text-sm font-bold text-slate-950"
          >
            F
          </span>
          Flowdeck
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm text-slate-300">
          <Link href="/" className="hover:text-white">
            Workflows
          </Link>
          <Link href="/executions" className="hover:text-white">
            Executions
          </Link>
          <Link href="/portfolio" className="hover:text-white">
            Portfolio
          </Link>
          <ApprovalsLink />
        </nav>
        <EmergencyButton />
      </div>
      <EmergencyBanner />
    </header>
  );
}
