using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicGenre.Cli;
using MusicGenre.Tests.TestInfrastructure;

namespace MusicGenre.Tests.Cli;

/// <summary>
/// Issue 9 §6: with <c>--csv</c> or <c>--json</c> standard output holds only that format (parsed here, whole), the
/// failures go to standard error (and into the JSON's <c>failures</c>), and the exit code is 3.
/// </summary>
public class CliMachineOutputTests(ClassicalModelFixture model) : IClassFixture<ClassicalModelFixture>
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task PredictCsv_InARealProcess_WritesOnlyCsvToStandardOutput_AndTheFailuresToStandardError()
    {
        Skip.If(CliProcess.Unavailable is not null, CliProcess.Unavailable);
        using var dir = new TempFolder();
        var inputs = Inputs(dir);

        var (code, output, error) = await CliProcess.Run(dir.Path, Watchdog, ["predict", model.Model, .. inputs.All, "--csv", "--top", "2"]);

        Assert.True(code == ExitCodes.SomeFailed, $"exit {code}\nstdout:\n{output}\nstderr:\n{error}");
        var rows = ParseCsv(output);
        Assert.Equal(["path", "genre", "genre1", "p1", "genre2", "p2"], rows[0]);
        Assert.All(rows, r => Assert.Equal(6, r.Count));
        Assert.Equal(inputs.Good, rows.Skip(1).Select(r => r[0])); // in input order; the comma and quotes survive the quoting
        foreach (var row in rows.Skip(1))
        {
            Assert.Equal(row[1], row[2]);
            var p1 = double.Parse(row[3], CultureInfo.InvariantCulture);
            var p2 = double.Parse(row[5], CultureInfo.InvariantCulture);
            Assert.InRange(p2, 0, p1);
            Assert.InRange(p1, 0, 1);
        }
        Assert.Contains("3 file(s) could not be classified:", error);
        foreach (var bad in inputs.Bad) Assert.Contains(bad, error);
        Assert.False(CliProcess.HasStackTrace(output + error), error);
    }

    [Fact]
    public async Task PredictJson_WritesOneJsonDocument_WithTheFailuresInIt_AndOnStandardError()
    {
        using var dir = new TempFolder();
        var inputs = Inputs(dir);

        var (code, output, error) = await CliRunner.RunApart(["predict", model.Model, .. inputs.All, "--json"]);

        Assert.Equal(ExitCodes.SomeFailed, code);
        using var doc = JsonDocument.Parse(output); // the whole of standard output
        var predictions = doc.RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(inputs.Good, predictions.Select(p => p.GetProperty("path").GetString()));
        Assert.All(predictions, p => Assert.Equal(3, p.GetProperty("top").GetArrayLength()));
        var failures = doc.RootElement.GetProperty("failures").EnumerateArray().Select(f => (Path: f.GetProperty("path").GetString()!, Reason: f.GetProperty("reason").GetString()!)).ToList();
        Assert.Equal(inputs.Bad.Order(StringComparer.Ordinal), failures.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        Assert.False(doc.RootElement.TryGetProperty("interrupted", out _));
        foreach (var bad in inputs.Bad) Assert.Contains(bad, error);
    }

    [Fact]
    public async Task PredictJson_WhenEveryFileFails_IsStillOneDocument_AndExits3()
    {
        using var dir = new TempFolder();
        var broken = dir.Text("broken.wav", "this is not audio");
        var (code, output, error) = await CliRunner.RunApart("predict", model.Model, broken, "--json");
        Assert.Equal(ExitCodes.SomeFailed, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(0, doc.RootElement.GetProperty("predictions").GetArrayLength());
        Assert.Equal(broken, doc.RootElement.GetProperty("failures")[0].GetProperty("path").GetString());
        Assert.Contains("broken.wav", error);
    }

    [Fact]
    public async Task BothFormatsAtOnce_IsAUsageError_OnStandardError()
    {
        var (code, output, error) = await CliRunner.RunApart("predict", model.Model, model.Clip(0), "--json", "--csv");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Contains("Choose one of --json and --csv", error);
    }

    /// <summary>Two good clips (one named with a comma and quotes), a file that is not audio, an empty file in a folder, a missing file.</summary>
    private (string[] All, string[] Good, string[] Bad) Inputs(TempFolder dir)
    {
        var odd = dir.Combine("in", "odd, \"quoted\" name.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(odd)!);
        File.Copy(model.Clip(0), odd);
        var plain = dir.Combine("plain.wav");
        File.Copy(model.Clip(7), plain);
        var broken = dir.Text("in/sub/broken.wav", "this is not audio");
        var empty = dir.Text("in/sub/empty.wav", "");
        var missing = dir.Combine("missing.wav");
        return ([dir.Combine("in"), plain, missing], [odd, plain], [broken, empty, missing]);
    }

    /// <summary>RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks. Fails on anything else.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; }
                    else if (text[i] == '"') { i++; break; }
                    else field.Append(text[i++]);
                }
                Assert.True(i >= text.Length || text[i] is ',' or '\n' or '\r', $"text after a closing quote at {i}");
                continue;
            }
            switch (text[i])
            {
                case ',': row.Add(field.ToString()); field.Clear(); i++; break;
                case '\r': i++; break;
                case '\n': row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; break;
                case '"': Assert.Fail($"a quote inside an unquoted field at {i}"); break;
                default: field.Append(text[i++]); break;
            }
        }
        Assert.True(field.Length == 0 && row.Count == 0, "the last line has no line break");
        Assert.NotEmpty(rows);
        return rows;
    }
}
