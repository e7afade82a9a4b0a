import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RiskProfileVersionInput } from '@loadwatch/shared/contracts';
import { RiskProfileForm } from './RiskProfileForm';

describe('RiskProfileForm', () => {
  it('offers "prefer not to say" and a reason on every item, and saves answers, declines and blanks apart', async () => {
    const user = userEvent.setup();
    const saved: RiskProfileVersionInput[] = [];
    render(<RiskProfileForm today="2026-09-28" onSubmit={async (v) => void saved.push(v)} />);

    const questions = screen.getAllByRole('group').filter((g) => g.classList.contains('question'));
    expect(questions.length).toBe(13);
    for (const question of questions) {
      expect(within(question).getByLabelText('Prefer not to say')).toBeInTheDocument();
      expect(question.querySelector('.why')?.textContent).toMatch(/Why we ask: .{20,}/);
    }

    await user.type(screen.getByLabelText('Vitamin D value'), '18');
    const sex = screen.getByRole('group', { name: 'Sex' });
    await user.click(within(sex).getByLabelText('Prefer not to say'));
    await user.click(screen.getByRole('button', { name: 'Save answers' }));

    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      date: '2026-09-28',
      sex: 'prefer_not_to_say',
      vitamin_d: { value: 18, unit: 'ng/mL', date: null },
      birth_year: null,
      bmd_z: null,
    });
  });

  it('refuses an answer that is not a number, naming the item', async () => {
    const user = userEvent.setup();
    const saved: RiskProfileVersionInput[] = [];
    render(<RiskProfileForm today="2026-09-28" onSubmit={async (v) => void saved.push(v)} />);
    const weight = screen.getByRole('group', { name: 'Weight (kg)' });
    await user.click(within(weight).getByLabelText('My answer above'));
    await user.click(screen.getByRole('button', { name: 'Save answers' }));
    expect(saved).toHaveLength(0);
    expect(screen.getByRole('alert')).toHaveTextContent('weight kg: enter a number');
  });
});
