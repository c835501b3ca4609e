/**
 * Opens the keyboard connect dialog for a node (the "Connect…" button of a selected node). The
 * value must keep its identity across renders (a state setter): every node reads it, and a new
 * value would re-render them all. Null where nothing may be connected (a replay).
 */
import { createContext } from 'react';

export const ConnectContext = createContext<((nodeId: string) => void) | null>(null);
