using System.Text.Json;
using SensorWatch.Configuration;

namespace SensorWatch.Kafka.Messages;

/// <summary>
/// Reads the <c>values</c> array (T rows × D columns, null = missing) straight into the window's pooled buffer.
/// The first row fixes D; every later row must have D values (ragged-rows). Stops at the first violation: more than
/// MaxWindowLength rows or MaxFeatures columns (array-too-long, so a 100k-element array costs at most the cap),
/// NaN/Infinity as strings (non-finite-value), numbers out of range, wrong token types.
/// </summary>
internal static class WindowValuesReader
{
    public static DecodeResult Read(ref Utf8JsonReader reader, MessageLimitsOptions limits, DecodedWindow window)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return DecodeResult.Fail(DeadLetterReason.WrongType, $"'values' must be an array of rows, found {reader.TokenType}");
        }

        int rows = 0;
        int columns = -1;
        int missing = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                DecodeResult depth = JsonFields.CheckDepth(ref reader, limits);
                return depth.IsOk ? DecodeResult.Fail(DeadLetterReason.WrongType, $"'values' must hold rows (arrays), found {reader.TokenType} at row {rows}") : depth;
            }

            if (rows == limits.MaxWindowLength)
            {
                return DecodeResult.Fail(DeadLetterReason.ArrayTooLong, $"'values' has more than {limits.MaxWindowLength} rows");
            }

            DecodeResult row = ReadRow(ref reader, limits, window, rows, ref columns, ref missing);
            if (!row.IsOk)
            {
                return row;
            }

            rows++;
        }

        window.Length = rows;
        window.FeatureCount = Math.Max(columns, 0);
        window.MissingCount = missing;
        return DecodeResult.Ok;
    }

    private static DecodeResult ReadRow(ref Utf8JsonReader reader, MessageLimitsOptions limits, DecodedWindow window, int row, ref int columns, ref int missing)
    {
        int offset = columns < 0 ? 0 : row * columns;
        int column = 0;
        float[] values = window.EnsureValueCapacity(offset + Math.Max(columns, 1), offset);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (column == limits.MaxFeatures)
            {
                return DecodeResult.Fail(DeadLetterReason.ArrayTooLong, $"row {row} has more than {limits.MaxFeatures} values");
            }

            if (columns >= 0 && column == columns)
            {
                return DecodeResult.Fail(DeadLetterReason.RaggedRows, $"row {row} has more values than row 0 ({columns})");
            }

            if (offset + column >= values.Length)
            {
                values = window.EnsureValueCapacity(offset + column + 1, offset + column);
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    DecodeResult number = JsonFields.ReadFloat(ref reader, limits, out values[offset + column]);
                    if (!number.IsOk)
                    {
                        return DecodeResult.Fail(number.Reason, $"row {row}, column {column}: {number.Detail}");
                    }

                    break;
                case JsonTokenType.Null:
                    values[offset + column] = float.NaN;
                    missing++;
                    break;
                case JsonTokenType.String when JsonFields.IsNonFiniteText(ref reader):
                    return DecodeResult.Fail(DeadLetterReason.NonFiniteValue, $"row {row}, column {column}: NaN/Infinity is not a reading (send null for a missing value)");
                default:
                    DecodeResult depth = JsonFields.CheckDepth(ref reader, limits);
                    return depth.IsOk ? DecodeResult.Fail(DeadLetterReason.WrongType, $"row {row}, column {column}: expected a number or null, found {reader.TokenType}") : depth;
            }

            column++;
        }

        if (column == 0)
        {
            return DecodeResult.Fail(DeadLetterReason.EmptyWindow, $"row {row} has no values");
        }

        if (columns < 0)
        {
            columns = column;
        }
        else if (column != columns)
        {
            return DecodeResult.Fail(DeadLetterReason.RaggedRows, $"row {row} has {column} values, row 0 has {columns}");
        }

        return DecodeResult.Ok;
    }
}
