import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="py-24 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-400">There is nothing at this address.</p>
      <Link href="/" className="mt-6 inline-block text-sky-400 underline">
        Back to workflows
      </Link>
    </div>
  );
}
