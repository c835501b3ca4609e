/** The drag-and-drop data type that carries a node type key from the palette to the canvas. */
export const NODE_DRAG_TYPE = 'application/x-flowdeck-node-type';
