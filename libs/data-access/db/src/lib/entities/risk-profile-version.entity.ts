import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instantMs, json, localDate, uuidKey } from './column-types';

/**
 * One version of the opt-in risk profile, applying from `effectiveDate` (spec/rules.md sections 1 and 5).
 * `answers` holds the questionnaire in the rules spec's snake_case vocabulary, validated by its schema.
 */
@Entity('risk_profile_versions')
@Index(['athleteId', 'effectiveDate'], { unique: true })
export class RiskProfileVersionEntity {
  @PrimaryColumn(uuidKey())
  id!: string;

  @Column(uuidKey())
  athleteId!: string;

  @Column(localDate())
  effectiveDate!: string;

  @Column(json())
  answers!: Record<string, unknown>;

  @Column(instantMs())
  createdAtMs!: number;
}
