import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CalibrationPage } from './CalibrationPage';
import { createQueryClient } from '../../queryClient';
import { calibration, calibrationType } from '../../test/recommendationFixtures';
import { json, makeMe, mockFetch, problem, renderWithProviders } from '../../test/utils';

const types = calibration([
  calibrationType(),
  calibrationType({
    type: 'SPOT',
    verified: 0,
    notRealized: 2,
    predictedMonthlySavings: 400,
    realizedMonthlySavings: 40,
    realizedShare: 0.1,
    medianRealizedShare: 0.1,
  }),
  calibrationType({ type: 'PRECISION', verified: 1, notRealized: 0, predictedMonthlySavings: 0, realizedMonthlySavings: 25, realizedShare: null, medianRealizedShare: null }),
]);

function renderPage(route = '/recommendations/calibration') {
  const queryClient = createQueryClient();
  queryClient.setQueryData(['me'], makeMe());
  return renderWithProviders(<CalibrationPage />, { route, path: '/recommendations/calibration', queryClient });
}

function bodyRows() {
  const table = screen.getByRole('table', { name: 'Predicted against realized savings per recommendation type' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => Array.from(row.children).map((cell) => cell.textContent));
}

describe('CalibrationPage', () => {
  it('shows predicted against realized savings per recommender type, with counts and totals', async () => {
    mockFetch({ 'GET /api/v1/recommendations/calibration': () => json(types) });
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Calibration' })).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Predicted against realized savings per recommendation type' });
    expect(bodyRows()).toEqual([
      ['Batch size', '3', '1', '$1,200.00', '$960.00', '80%', '85%'],
      ['Spot capacity', '0', '2', '$400.00', '$40.00', '10%', '10%'],
      ['Precision', '1', '0', '$0.00', '$25.00', '—', '—'],
      ['Total', '4', '3', '$1,600.00', '$1,025.00', '64.1%', '—'],
    ]);
    const checked = screen.getByRole('group', { name: 'Checked recommendations' });
    expect(within(checked).getByText('7')).toBeInTheDocument();
    expect(within(checked).getByText('4 verified, 3 not realized')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Realized savings per month' })).toHaveTextContent('$1,025.0064.1% of the predicted savings');
  });

  it('charts predicted and realized savings per type as bars, with the numbers as a table', async () => {
    mockFetch({ 'GET /api/v1/recommendations/calibration': () => json(types) });
    renderPage();
    const chart = await screen.findByRole('figure', { name: 'Monthly savings per recommendation type, predicted and realized' });
    const rows = within(chart)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Array.from(row.children).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Batch size', '$1,200.00', '$960.00'],
      ['Spot capacity', '$400.00', '$40.00'],
      ['Precision', '$0.00', '$25.00'],
    ]);
  });

  it('sorts the table by a column and keeps the sort in the URL', async () => {
    mockFetch({ 'GET /api/v1/recommendations/calibration': () => json(types) });
    const user = userEvent.setup();
    renderPage();
    await screen.findByRole('table', { name: 'Predicted against realized savings per recommendation type' });
    await user.click(screen.getByRole('button', { name: /^Realized share/ }));
    expect(bodyRows().map((r) => r[0])).toEqual(['Batch size', 'Spot capacity', 'Precision', 'Total']);
    await user.click(screen.getByRole('button', { name: /^Realized share/ }));
    expect(bodyRows().map((r) => r[0])).toEqual(['Spot capacity', 'Batch size', 'Precision', 'Total']);
    expect(screen.getByTestId('location')).toHaveTextContent('/recommendations/calibration?sort=realizedShare&dir=asc');
    await user.click(screen.getByRole('button', { name: /^Type/ }));
    expect(bodyRows().map((r) => r[0])).toEqual(['Batch size', 'Precision', 'Spot capacity', 'Total']);
  });

  it('explains that nothing has been verified yet', async () => {
    mockFetch({ 'GET /api/v1/recommendations/calibration': () => json(calibration([])) });
    renderPage();
    expect(await screen.findByText('Nothing verified yet')).toBeInTheDocument();
    expect(screen.getByText(/once it has been marked applied and a settle period of new telemetry has passed/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('explains in words when the calibration cannot be loaded', async () => {
    mockFetch({ 'GET /api/v1/recommendations/calibration': () => problem(403, { title: 'Forbidden', detail: 'The API key lacks the read scope.' }) });
    renderPage();
    expect(await screen.findByText('Could not load the calibration')).toBeInTheDocument();
    expect(screen.getByText('The API key lacks the read scope.')).toBeInTheDocument();
  });
});
