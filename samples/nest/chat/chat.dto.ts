import { IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** Body of `POST /chat`, query of `GET /chat/stream`. */
export class AskDto {
  @IsString() @Length(1, 4000) message!: string;
  /** Continue this conversation; a new one starts without it. */
  @IsOptional() @IsUUID() conversationId?: string;
}

/** Body of an approval: optionally, edited arguments (validated like the model's when the call runs). */
export class ApproveDto {
  @IsOptional() @IsObject() arguments?: Record<string, unknown>;
}

/** Body of a rejection. */
export class RejectDto {
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}
