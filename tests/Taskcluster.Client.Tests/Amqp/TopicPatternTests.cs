using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NUnit.Framework;
using RabbitMQ.Client;

namespace Taskcluster.Client.Tests.Amqp;

/// <summary>
/// The listener's topic matcher, which decides which typed handlers a delivery goes to. One table of cases serves
/// both the matcher and the real broker, so a case whose expectation differs from RabbitMQ fails too.
/// </summary>
public class TopicPatternTests
{
    /// <summary>(pattern, routing key, matches) in RabbitMQ's topic semantics.</summary>
    internal static readonly (string Pattern, string Key, bool Matches)[] Cases =
    {
        // '*': exactly one word.
        ("*", "a", true),
        ("*", "", false),
        ("*", "a.b", false),
        ("a.*", "a.b", true),
        ("a.*", "a", false),
        ("a.*", "a.b.c", false),
        ("*.b", "a.b", true),
        ("*.b", "b", false),
        ("*.*", "a.b", true),
        // '#' alone: any number of words, including none.
        ("#", "", true),
        ("#", "a", true),
        ("#", "a.b.c", true),
        // '#' at the start.
        ("#.c", "c", true),
        ("#.c", "a.b.c", true),
        ("#.c", "a.b.c.d", false),
        ("#.c", "a.c.c", true),
        ("#.c", "", false),
        // '#' in the middle, including taking no word and having to give words back.
        ("a.#.c", "a.c", true),
        ("a.#.c", "a.b.c", true),
        ("a.#.c", "a.b.b.c", true),
        ("a.#.c", "a.c.b.c", true),
        ("a.#.c", "a.b", false),
        ("a.#.c", "a.c.b", false),
        ("a.#.c", "b.a.c", false),
        // '#' at the end.
        ("a.#", "a", true),
        ("a.#", "a.b.c", true),
        ("a.#", "b", false),
        ("a.#", "ab", false),
        // Several wildcards together.
        ("#.b.#", "b", true),
        ("#.b.#", "a.b.c", true),
        ("#.b.#", "a.c", false),
        ("#.*", "", false),
        ("#.*", "a", true),
        ("#.*", "a.b", true),
        ("*.#.*", "a", false),
        ("*.#.*", "a.b", true),
        ("*.#.*", "a.b.c", true),
        ("#.#", "", true),
        ("#.#", "a.b", true),
        ("a.#.#.b", "a.b", true),
        ("a.#.#.b", "a.x.y.b", true),
        // Empty words are words: they take a '*' and must be equal as literals.
        ("a..b", "a..b", true),
        ("a..b", "a.b", false),
        ("a.*.b", "a..b", true),
        ("a.*", "a.", true),
        ("*.*", ".", true),
        ("*", ".", false),
        ("#", ".", true),
        ("", "", true),
        ("", "a", false),
        // Literal words are compared exactly, and only whole words are wildcards.
        ("a.b", "A.b", false),
        ("a*.b", "ab.b", false),
        ("a*.b", "a*.b", true),
        // TaskCluster's shapes: a generated pattern, and a CC'ed route.
        ("primary.abc.*.*.*.*.*.*.*.#", "primary.abc.0.wg.wid.prov.wt.sched.group._", true),
        ("primary.abc.*.*.*.*.*.*.*.#", "primary.abd.0.wg.wid.prov.wt.sched.group._", false),
        ("primary.abc.*.*.*.*.*.*.*.#", "primary.abc.0.wg.wid.prov.wt.sched.group", true),
        ("primary.abc.*.*.*.*.*.*.*.#", "primary.abc.0.wg.wid.prov.wt.sched", false),
        ("route.index.my.#", "route.index.my.project.latest", true),
        ("route.index.my.#", "route.index.other", false),
    };

    public static IEnumerable<TestCaseData> Table() =>
        Cases.Select(c => new TestCaseData(c.Pattern, c.Key).Returns(c.Matches).SetArgDisplayNames($"'{c.Pattern}'", $"'{c.Key}'"));

    [TestCaseSource(nameof(Table))]
    public bool Matches_as_a_topic_exchange_does(string pattern, string key) => TopicPattern.Matches(pattern, key);

    [Test]
    public void A_pattern_matches_the_same_way_each_time()
    {
        // The pattern is split once and kept; matching must not consume or change it.
        var pattern = new TopicPattern("a.#.c");

        var results = new[] { pattern.Matches("a.b.c"), pattern.Matches("a.b"), pattern.Matches("a.c") };

        Assert.That(results, Is.EqualTo(new[] { true, false, true }));
    }
}

/// <summary>The matcher's table checked against RabbitMQ itself, the behaviour the matcher copies.</summary>
public class TopicPatternBrokerTests : AmqpFixture
{
    public static IEnumerable<TestCaseData> Patterns() =>
        TopicPatternTests.Cases.Select(c => c.Pattern).Distinct().Select(p => new TestCaseData(p).SetArgDisplayNames($"'{p}'"));

    [TestCaseSource(nameof(Patterns))]
    public async Task The_broker_routes_exactly_the_keys_the_table_says_match(string pattern)
    {
        var cases = TopicPatternTests.Cases.Where(c => c.Pattern == pattern).ToArray();
        // An exchange of its own per pattern, so the queue sees only this pattern's keys.
        string exchange = Broker.UniquePrefix("topic-oracle") + "x";
        await DeclareExchangeAsync(exchange);
        string queue = UniqueQueueName("topic-oracle");
        await using var channel = await Publisher.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, pattern);

        foreach (var c in cases) await Broker.PublishAsync(PublishChannel, exchange, c.Key, c.Key);
        var routed = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } got) routed.Add(Encoding.UTF8.GetString(got.Body.Span));

        var expected = cases.Where(c => c.Matches).Select(c => c.Key);
        var matcher = cases.Where(c => TopicPattern.Matches(pattern, c.Key)).Select(c => c.Key);
        Assert.Multiple(() =>
        {
            Assert.That(routed, Is.EquivalentTo(expected), "the broker agrees with the table");
            Assert.That(matcher, Is.EquivalentTo(routed), "the matcher agrees with the broker");
        });
    }
}
