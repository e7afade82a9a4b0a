import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, json, localDate, uuidKey } from './column-types';

/** A symptom log (spec/rules.md section 1): health data, shown only to the athlete and granted coaches. */
@Entity('symptom_logs')
@Index(['athleteId', 'date', 'region'], { unique: true })
export class SymptomLogEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  @Column(localDate())
  date!: string;

  @Column({ type: 'varchar', length: 32 })
  region!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  side!: string | null;

  @Column({ type: 'integer' })
  severity!: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  when!: string | null;

  @Column(json())
  aggravators!: string[];

  @Column(json())
  neurological!: string[];

  @Column(json())
  systemic!: string[];

  @Column({ type: 'boolean', nullable: true })
  canWalkNormally!: boolean | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column(instantMs())
  createdAtMs!: number;

  @Column(instantMs())
  updatedAtMs!: number;
}
