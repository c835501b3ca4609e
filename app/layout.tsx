import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/ui/app-header';
import { THEME_SCRIPT } from '@/components/ui/theme';
import { ToastProvider } from '@/components/ui/toast';
import { TRPCReactProvider } from '@/lib/trpc/client';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Flowdeck', template: '%s · Flowdeck' },
  description:
    'Build, run and watch automation workflows: trading and marketplace bots as live graphs.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before React hydrates, hence suppressHydrationWarning.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <TRPCReactProvider>
          <ToastProvider>
            <AppHeader />
            <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
          </ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
