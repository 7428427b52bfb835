import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

beforeEach(() => {
  // As after any page load from the backend: the CSRF cookie is present.
  document.cookie = 'XSRF-TOKEN=test-csrf-token; path=/';
});

afterEach(() => {
  cleanup();
  // Reset cookies between tests.
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
});
