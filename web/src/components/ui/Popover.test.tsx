import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Popover } from './Popover';

function Harness() {
  const [open, setOpen] = useState(true);
  return (
    <div>
      <p data-testid="outside">outside</p>
      <Popover open={open} onOpenChange={setOpen} testId="panel" trigger={<button type="button">trigger</button>}>
        <p data-testid="inside">inside</p>
      </Popover>
    </div>
  );
}

describe('Popover', () => {
  it('stays open for a press inside and closes for one outside', () => {
    render(<Harness />);
    fireEvent.mouseDown(screen.getByTestId('inside'));
    expect(screen.getByTestId('panel')).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByTestId('outside'));
    expect(screen.queryByTestId('panel')).toBeNull();
  });

  it('closes on Escape', () => {
    render(<Harness />);
    fireEvent.keyDown(document, { key: 'Enter' });
    expect(screen.getByTestId('panel')).toBeInTheDocument();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('panel')).toBeNull();
  });
});
