import { Type } from 'class-transformer';
import { IsNumber, IsOptional, IsString, Max, Min, ValidateNested, type ValidationError } from 'class-validator';
import type { OutputSpec } from '../../lib/core/output.types';
import { Schema } from '../../lib/decorators';
import { NoExplicitTypeError } from '../../lib/errors';
import { outputSpecFor, configureSchemas, resetSchemaSettings } from '../../lib/schema';

class Wind {
  @IsNumber() @Min(0) speed!: number;
  @IsOptional() @IsString() direction?: string;
}

@Schema({ name: 'weather', description: 'Current weather in a city' })
class Weather {
  @IsString() city!: string;
  @IsNumber() @Min(-90) @Max(60) celsius!: number;
  @ValidateNested() @Type(() => Wind) wind!: Wind;

  summary(): string {
    return `${this.city}: ${this.celsius} °C`;
  }
}

class Weather$Report {
  @IsString() text!: string;
}

describe('outputSpecFor', () => {
  beforeAll(() => configureSchemas({ runtimeSchemaWarnings: false }));
  afterAll(() => resetSchemaSettings());

  it('carries the name, description and canonical schema of the class', () => {
    const spec: OutputSpec<Weather> = outputSpecFor(Weather);
    expect(spec.name).toBe('weather');
    expect(spec.description).toBe('Current weather in a city');
    expect(spec.schema).toEqual({
      type: 'object',
      description: 'Current weather in a city',
      properties: {
        city: { type: 'string' },
        celsius: { type: 'number', minimum: -90, maximum: 60 },
        wind: { type: 'object', properties: { speed: { type: 'number', minimum: 0 }, direction: { type: 'string' } }, required: ['speed'] },
      },
      required: ['city', 'celsius', 'wind'],
    });
    expect(outputSpecFor(Weather$Report).name).toBe('Weather_Report');
    expect(outputSpecFor(Weather$Report).description).toBeUndefined();
  });

  it('parses JSON into a real, validated instance (nested instances included)', async () => {
    const check = await outputSpecFor(Weather).parse({ city: 'Oslo', celsius: 4, wind: { speed: 3, direction: null } });
    if (!check.ok) throw new Error(check.message);
    const weather: Weather = check.value;
    expect(weather).toBeInstanceOf(Weather);
    expect(weather.wind).toBeInstanceOf(Wind);
    expect(weather.wind.direction).toBeUndefined();
    expect(weather.summary()).toBe('Oslo: 4 °C');
  });

  it('reports what is wrong, with the class-validator tree', async () => {
    const check = await outputSpecFor(Weather).parse({ city: 7, celsius: 99, wind: { speed: -1 } });
    if (check.ok) throw new Error('expected a failure');
    expect(check.message).toBe('city must be a string; celsius must not be greater than 60; wind.speed must not be less than 0');
    const [city] = check.errors as ValidationError[];
    expect(city.property).toBe('city');
    expect(check.errors.find((e) => e.property === 'wind')?.children?.[0].constraints).toEqual({ min: 'speed must not be less than 0' });
    await expect(outputSpecFor(Weather).parse(['Oslo'])).resolves.toEqual({ ok: false, message: 'expected a JSON object, got an array', errors: [] });
  });

  it('fails when the class schema cannot be told', () => {
    class Vague {
      @IsOptional() anything?: string | number;
    }
    expect(() => outputSpecFor(Vague)).toThrow(NoExplicitTypeError);
  });

  it('types the parsed value as the class', async () => {
    const check = await outputSpecFor(Weather).parse({ city: 'Oslo', celsius: 4, wind: { speed: 3 } });
    expect(check.ok).toBe(true);
    if (check.ok) {
      const celsius: number = check.value.celsius;
      // @ts-expect-error the value is a Weather, not a string
      const text: string = check.value;
      expect([celsius, typeof text]).toEqual([4, 'object']);
    }
  });
});
