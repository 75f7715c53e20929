// The architectures the simulator knows. A new one is a module implementing Arch plus a line here.
import type { ArchName } from '../state';
import { arm64 } from './arm64';
import { powerpcRadix } from './powerpcRadix';
import type { Arch } from './types';
import { x86 } from './x86';
import { x86pv } from './x86pv';

export const ARCHS: Readonly<Record<ArchName, Arch>> = Object.freeze({
  x86,
  'x86-pv': x86pv,
  arm64,
  'powerpc-radix': powerpcRadix,
});

export const ARCH_NAMES: readonly ArchName[] = Object.freeze(Object.keys(ARCHS) as ArchName[]);

export function isArchName(name: string): name is ArchName {
  return Object.prototype.hasOwnProperty.call(ARCHS, name);
}
