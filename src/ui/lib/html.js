import { h } from 'preact';
import htm from 'htm';

/** Tagged-template JSX without a build step. */
export const html = htm.bind(h);
