import type { Base64Step, TextEncoding } from './modifiers.js';

/**
 * The value transformations of Sigma's encoding modifiers (sigma.md "Modifiers"), computed the
 * way the specification describes them rather than by any back-end's shortcut.
 */

/** The five characters `windash` lets stand for an option's leading `-` or `/`. */
export const WINDASH_CHARACTERS: readonly string[] = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** The bytes a text stands for before base64: UTF-8, or UTF-16 for `wide`/`utf16*`. */
export function textBytes(text: string, encoding: 'utf8' | TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'utf16':
      // `utf16` is little-endian with its byte-order mark FF FE in front.
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  }
}

/**
 * The strings to search for: one for `base64`; for `base64offset` the three forms the bytes
 * take when they start at offset 0, 1 or 2 of a 3-byte group of a longer encoded text. For
 * shift s the bytes are encoded behind s filler bytes; the characters that depend on the
 * filler (the first 0, 2 or 3) and those that depend on what follows the value (the last 0,
 * 2 or 3, by where the value ends in its group) are cut off, so each form is exactly the part
 * every encoding of a text containing the value at that shift shares.
 */
export function base64Forms(text: string, step: Base64Step): readonly string[] {
  const bytes = textBytes(text, step.encoding);
  if (!step.offset) return [bytes.toString('base64')];
  const dropFront = [0, 2, 3];
  const dropBack = [0, 3, 2];
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const back = dropBack[(bytes.length + shift) % 3] as number;
    forms.push(encoded.slice(dropFront[shift] as number, encoded.length - back));
  }
  return forms;
}
