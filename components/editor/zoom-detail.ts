/**
 * Whether the canvas is zoomed out so far that a node's text and port labels could not be read
 * (below COMPACT_BELOW_ZOOM): nodes are then drawn compact, a box with their name and handles
 * only, a few elements instead of a few dozen. A 1,000-node workflow opens fitted at about 0.1.
 */
import { createContext } from 'react';

/** At 0.45 the 13 px node title is under 6 px on screen. */
export const COMPACT_BELOW_ZOOM = 0.45;

export const CompactContext = createContext(false);
