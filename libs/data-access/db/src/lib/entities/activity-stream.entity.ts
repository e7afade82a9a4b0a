import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RecordStream } from '@loadwatch/domain/activity';
import { json, uuidKey } from './column-types';

/** An activity's compact record stream, apart from the activity so lists never load it. */
@Entity('activity_streams')
export class ActivityStreamEntity {
  @PrimaryColumn(uuidKey())
  activityId!: string;

  @Column(json())
  stream!: RecordStream;
}
