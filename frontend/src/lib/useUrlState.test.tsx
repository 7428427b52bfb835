import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useUrlState } from './useUrlState';

function wrapperAt(url: string) {
  return ({ children }: { children: ReactNode }) => <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>;
}

function useStateAndLocation() {
  const [state, update] = useUrlState({ groupBy: 'workload', team: '' });
  return { state, update, location: useLocation() };
}

describe('useUrlState', () => {
  it('reads values from the query and falls back to defaults', () => {
    const { result } = renderHook(useStateAndLocation, { wrapper: wrapperAt('/costs?team=search') });
    expect(result.current.state).toEqual({ groupBy: 'workload', team: 'search' });
  });

  it('writes changes into the query and leaves defaults and empty values out', () => {
    const { result } = renderHook(useStateAndLocation, { wrapper: wrapperAt('/costs?team=search&other=1') });
    act(() => result.current.update({ groupBy: 'team', team: '' }));
    expect(result.current.location.search).toBe('?other=1&groupBy=team');
    act(() => result.current.update({ groupBy: 'workload' }));
    expect(result.current.location.search).toBe('?other=1');
  });
});
