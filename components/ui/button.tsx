import type { ButtonHTMLAttributes } from 'react';

const variants = {
  primary: 'bg-sky-500 text-ink hover:bg-sky-400 font-medium',
  secondary: 'border border-slate-700 bg-slate-800 text-slate-100 hover:bg-slate-700',
  ghost: 'text-slate-300 hover:bg-slate-800 hover:text-slate-50',
  danger: 'bg-red-600 text-white hover:bg-red-500 font-medium',
  'danger-ghost': 'text-red-300 hover:bg-red-950 hover:text-red-200',
} as const;

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof variants;
  size?: 'sm' | 'md';
};

export function buttonClass(
  variant: keyof typeof variants = 'secondary',
  size: 'sm' | 'md' = 'md',
) {
  const sizing = size === 'sm' ? 'h-8 px-2.5 text-sm' : 'h-9 px-3.5 text-sm';
  return `inline-flex shrink-0 items-center justify-center gap-1.5 rounded-md whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${sizing} ${variants[variant]}`;
}

export function Button({ variant, size, className = '', type = 'button', ...props }: ButtonProps) {
  return <button type={type} className={`${buttonClass(variant, size)} ${className}`} {...props} />;
}
