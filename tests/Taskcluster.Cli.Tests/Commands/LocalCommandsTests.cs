using System.Globalization;
using System.Text.RegularExpressions;
using Taskcluster.Cli.Tests.Infrastructure;

namespace Taskcluster.Cli.Tests.Commands;

/// <summary><c>slugid</c> and <c>from-now</c>: commands that need no deployment.</summary>
[TestFixture]
public sealed class LocalCommandsTests
{
    [Test]
    public async Task Slugid_prints_the_requested_number_of_distinct_nice_ids()
    {
        var result = await Tool.RunAsync(null, "slugid", "--count", "5");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutLines, Has.Length.EqualTo(5), result.ToString());
        // Nice slugids: 22 URL-safe base64 characters whose first is never '-' or '_' (nor any of g-z, 0-9).
        Assert.That(result.StdoutLines, Has.All.Matches(@"^[A-Za-f][A-Za-z0-9_-]{21}$"));
        Assert.That(result.StdoutLines.Distinct().Count(), Is.EqualTo(5));
    }

    [Test]
    public async Task Slugid_prints_one_id_by_default()
    {
        var result = await Tool.RunAsync(null, "slugid");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutLines, Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Slugid_with_a_count_below_one_is_a_usage_error()
    {
        var result = await Tool.RunAsync(null, "slugid", "--count", "0");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--count"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [TestCase("2 days 3 hours", 2 * 24 + 3)]
    [TestCase("1d2h", 26)]
    [TestCase("-1 week", -7 * 24)]
    [TestCase("1 year 2 months", (365 + 60) * 24)] // TaskCluster counts a year as 365 days, a month as 30
    [TestCase("1 yr 1 wk 1 day 1 hr", (365 + 7 + 1) * 24 + 1)]
    public async Task From_now_prints_the_utc_time_that_far_from_now(string expression, int hours)
    {
        var before = DateTimeOffset.UtcNow;
        var result = await Tool.RunAsync(null, "from-now", expression);
        var after = DateTimeOffset.UtcNow;

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string printed = result.Stdout.Trim();
        // As JavaScript's Date.toJSON() writes it, which is what TaskCluster's schemas expect.
        Assert.That(printed, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
        var time = DateTimeOffset.Parse(printed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var offset = TimeSpan.FromHours(hours);
        Assert.That(time, Is.InRange(before + offset - TimeSpan.FromMilliseconds(1), after + offset));
    }

    // What taskcluster-client 87.1.3's fromNow(expression, new Date(0)) returns, in milliseconds (recorded with node).
    [TestCase("2 days 3 hours", 183600000L)]
    [TestCase("1d2h", 93600000L)]
    [TestCase("-1 week", -604800000L)]
    [TestCase("1 year 2 months", 36720000000L)]
    [TestCase("1 yr 1 wk 1 day 1 hr", 32230800000L)]
    [TestCase("90m 30s", 5430000L)]
    [TestCase("1mo", 2592000000L)]
    [TestCase("-", 0L)]
    [TestCase(" +3h", 10800000L)]
    [TestCase("1 Y", 31536000000L)]
    [TestCase("1 MONTHS", 2592000000L)]
    [TestCase("10 seconds", 10000L)]
    [TestCase("1 minute", 60000L)]
    [TestCase("1m1s", 61000L)]
    public async Task From_now_from_a_given_time_agrees_with_the_JS_clients_fromNow(string expression, long milliseconds)
    {
        var result = await Tool.RunAsync(null, "from-now", "--from", "1970-01-01T00:00:00Z", "--", expression);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string expected = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.That(result.Stdout, Is.EqualTo(expected + "\n"));
    }

    [Test]
    public async Task From_now_with_a_from_that_is_not_a_time_is_a_usage_error()
    {
        var result = await Tool.RunAsync(null, "from-now", "--from", "yesterday", "1 day");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--from"));
    }

    [Test]
    public async Task From_now_counts_minutes_as_m_and_months_as_mo()
    {
        var before = DateTimeOffset.UtcNow;
        var minutes = await Tool.RunAsync(null, "from-now", "90m 30s");
        var months = await Tool.RunAsync(null, "from-now", "1mo");

        Assert.That(minutes.ExitCode, Is.Zero, minutes.ToString());
        Assert.That(months.ExitCode, Is.Zero, months.ToString());
        var inMinutes = DateTimeOffset.Parse(minutes.Stdout.Trim(), CultureInfo.InvariantCulture) - before;
        var inMonths = DateTimeOffset.Parse(months.Stdout.Trim(), CultureInfo.InvariantCulture) - before;
        Assert.That(inMinutes.TotalSeconds, Is.EqualTo(90 * 60 + 30).Within(30));
        Assert.That(inMonths.TotalDays, Is.EqualTo(30).Within(0.01));
    }

    [Test]
    public async Task From_now_joins_several_words_so_quotes_are_optional()
    {
        var result = await Tool.RunAsync(null, "from-now", "3", "hours");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var time = DateTimeOffset.Parse(result.Stdout.Trim(), CultureInfo.InvariantCulture);
        Assert.That((time - DateTimeOffset.UtcNow).TotalHours, Is.EqualTo(3).Within(0.05));
    }

    // Each of these is refused by taskcluster-client's fromNow too.
    [TestCase("3 hours 2 days")]   // units in the wrong order
    [TestCase("2 days 1 day")]     // a unit twice
    [TestCase("5 fortnights")]
    [TestCase("1 mins")]
    [TestCase("days")]
    [TestCase("1.5 days")]
    [TestCase("5 mon")]
    [TestCase("1 d ays")]
    public async Task From_now_refuses_what_is_not_a_time_expression_as_a_usage_error(string expression)
    {
        var result = await Tool.RunAsync(null, "from-now", expression);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain(expression.Split(' ')[0]));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Help_lists_every_command_and_exits_zero()
    {
        var result = await Tool.RunAsync(null, "--help");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        foreach (string command in new[] { "api", "signed-url", "task", "group", "artifact", "listen", "slugid", "from-now" })
            Assert.That(result.Stdout, Does.Match(@"(?m)^\s+" + Regex.Escape(command) + @"\b"), command);
        Assert.That(result.Stdout, Does.Contain("TASKCLUSTER_ROOT_URL"));
    }

    [TestCase("no-such-command")]
    [TestCase("task", "status")]                 // missing <taskId>
    [TestCase("task", "status", "a", "b")]       // one argument too many
    [TestCase("slugid", "--count", "many")]
    [TestCase("group", "list", "g", "--limit", "-3")]
    [TestCase("task")]                           // a command group without its command
    public async Task A_command_line_that_does_not_parse_exits_2_with_a_message(params string[] arguments)
    {
        var result = await Tool.RunAsync(null, arguments);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Is.Not.Empty);
        Assert.That(result.Stderr, Does.Contain("--help"));
    }
}
