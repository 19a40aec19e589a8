using System.Text;

namespace MusicGenre.Orleans.Results;

/// <summary>RFC 4180 records: fields quoted when they hold a comma, a quote or a line break; records end with a line feed.</summary>
internal static class CsvRecords
{
    /// <summary>
    /// Splits <paramref name="text"/> into records. A last record that does not end with a line feed outside quotes
    /// is torn (a write cut short) and is left out; <paramref name="completeLength"/> is where the complete records end.
    /// </summary>
    public static List<(List<string> Fields, int Line)> Parse(string text, out int completeLength)
    {
        var records = new List<(List<string>, int)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        int line = 1, recordLine = 1;
        completeLength = 0;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    if (!(fields.Count == 1 && fields[0].Length == 0)) records.Add((fields, recordLine));
                    fields = [];
                    completeLength = i + 1;
                    recordLine = ++line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        return records;
    }

    /// <summary>One record, fields quoted where needed, ending with a line feed.</summary>
    public static string Format(IEnumerable<string> fields) => string.Join(",", fields.Select(Escape)) + "\n";

    private static string Escape(string field) => field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
