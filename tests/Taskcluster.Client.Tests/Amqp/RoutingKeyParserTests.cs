using System.Collections.Generic;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Amqp;

public class RoutingKeyParserTests
{
    [Test]
    public void Words_between_the_left_and_right_elements_form_the_multi_word_element()
    {
        var routing = RoutingKeyParser.Parse(MockReferenceEvents.TestExchangeEntry, "my-constant.t.a.b.c.s.7");

        Assert.That(routing, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["const"] = "my-constant", ["testId"] = "t", ["taskRoutingKey"] = "a.b.c", ["state"] = "s", ["index"] = "7",
        }));
    }

    [Test]
    public void Too_few_words_leave_the_right_elements_out_and_the_multi_word_element_empty()
    {
        var routing = RoutingKeyParser.Parse(MockReferenceEvents.TestExchangeEntry, "my-constant");

        Assert.That(routing, Is.EquivalentTo(new Dictionary<string, string> { ["const"] = "my-constant", ["taskRoutingKey"] = "" }));
    }

    [Test]
    public void A_layout_without_a_multi_word_element_is_not_parsed()
    {
        Assert.That(RoutingKeyParser.Parse(MockReferenceEvents.NoMultiEntry, "x.y"), Is.Null);
    }

    [Test]
    public void A_layout_with_two_multi_word_elements_is_not_parsed()
    {
        var entry = new ExchangeEntry("two", "two", new[]
        {
            new RoutingKeyElement("a", "", null, true, true, 0),
            new RoutingKeyElement("b", "", null, true, true, 0),
        });

        Assert.That(RoutingKeyParser.Parse(entry, "x.y.z"), Is.Null);
    }

    [Test]
    public void A_trailing_multi_word_element_takes_every_remaining_word()
    {
        var routing = RoutingKeyParser.Parse(TestQueueEvents.TaskCompletedEntry, "primary.t.0.wg.w.p.wt.s.g.x.y");

        Assert.That(routing!["reserved"], Is.EqualTo("x.y"));
    }
}
