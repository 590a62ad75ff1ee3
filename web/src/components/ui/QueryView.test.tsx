import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { PagedQueryView, QueryView, type ListPage } from './QueryView';

function renderWithClient(ui: ReactElement) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
}

function Fruits({ load }: { load: () => Promise<string[]> }) {
  const query = useQuery({ queryKey: ['fruits'], queryFn: load });
  return (
    <QueryView query={query} isEmpty={(data) => data.length === 0} empty={<p>No fruit yet</p>}>
      {(data) => (
        <ul>
          {data.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
    </QueryView>
  );
}

describe('QueryView', () => {
  it('shows a spinner while the query loads', () => {
    renderWithClient(<Fruits load={() => new Promise<string[]>(() => {})} />);
    expect(screen.getByTestId('page-spinner')).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Loading…' })).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('shows the error in the current language when the query fails', async () => {
    renderWithClient(<Fruits load={() => Promise.reject(new ApiError(403, 'forbidden', 'Forbidden.'))} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('You do not have permission to do that.');
    expect(screen.queryByTestId('page-spinner')).toBeNull();
    expect(screen.queryByText('No fruit yet')).toBeNull();
  });

  it('shows the empty state when the data has nothing to show', async () => {
    renderWithClient(<Fruits load={() => Promise.resolve([])} />);
    expect(await screen.findByText('No fruit yet')).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the data through its children', async () => {
    renderWithClient(<Fruits load={() => Promise.resolve(['apple', 'pear'])} />);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['apple', 'pear']);
    expect(screen.queryByText('No fruit yet')).toBeNull();
  });

  it('shows the data when no isEmpty is given, even if it is empty', async () => {
    function Bare() {
      const query = useQuery({ queryKey: ['bare'], queryFn: () => Promise.resolve([] as string[]) });
      return <QueryView query={query}>{(data) => <p>{`${data.length} fruits`}</p>}</QueryView>;
    }
    renderWithClient(<Bare />);
    expect(await screen.findByText('0 fruits')).toBeInTheDocument();
  });
});

describe('PagedQueryView', () => {
  const letters = 'abcde'.split('');

  function Letters({ total = letters.length }: { total?: number }) {
    const [page, setPage] = useState(1);
    const query = useQuery({
      queryKey: ['letters', page, total],
      queryFn: (): Promise<ListPage<string>> =>
        Promise.resolve({ items: letters.slice(0, total).slice((page - 1) * 2, page * 2), total, perPage: 2 }),
    });
    return (
      <PagedQueryView query={query} page={page} perPage={2} onPage={setPage} empty={<p>No letters</p>}>
        {(items) => <p data-testid="items">{items.join(',')}</p>}
      </PagedQueryView>
    );
  }

  it('shows the page with pagination below and moves between pages', async () => {
    renderWithClient(<Letters />);
    expect(await screen.findByTestId('items')).toHaveTextContent('a,b');
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('c,d')).toBeInTheDocument();
    expect(screen.getByText('Page 2 of 3')).toBeInTheDocument();
  });

  it('shows the empty state, without pagination, when the page has no items', async () => {
    renderWithClient(<Letters total={0} />);
    expect(await screen.findByText('No letters')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
  });
});
