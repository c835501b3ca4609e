'use client';
/** Whether the canvas shows a recorded execution (replay) rather than the workflow being edited. */
import { createContext } from 'react';

export const ReplayContext = createContext(false);
