package uk.nhs.hub.project;

import java.util.List;

/**
 * The eight steps of the collaborative service change model, in order, with the checklist each new project
 * starts with. Organisers change a project's own checklists afterwards; these are only where it begins.
 */
final class Stages {

    /** One step of the model. */
    record Stage(String key, String title, List<String> checklist) {
    }

    static final List<Stage> ALL = List.of(
        new Stage("big-idea", "Big idea", List.of(
            "Write down the idea in a few sentences",
            "Say where it came from: a person, a team, a policy or the finances",
            "Say who it would affect")),
        new Stage("decision-time", "Decision time", List.of(
            "Decide whether the whole change can be made together",
            "If not, agree which parts can",
            "Record who made the decision and why")),
        new Stage("building-the-team", "Building the team", List.of(
            "Agree the team's common purpose",
            "Invite people who use the service and carers",
            "Check the team includes a range of backgrounds and roles",
            "Name a sponsor and a project lead")),
        new Stage("understand-whats-around", "Understand what's around", List.of(
            "Gather data about the service as it is now",
            "Find out what has been tried here and elsewhere",
            "Collect the views of staff, people who use the service and partners")),
        new Stage("gather-ideas", "Gather ideas", List.of(
            "Ask for feedback and ideas in more than one way",
            "Reach communities who are not often heard",
            "Share back what you heard")),
        new Stage("make-the-change", "Make the change", List.of(
            "Design the change with the team",
            "Agree a plan and who does what",
            "Put the change into practice")),
        new Stage("keep-the-conversation-going", "Keep the conversation going", List.of(
            "Agree how and when the team will keep people updated",
            "Share progress openly, including what has not worked",
            "Give people a way to raise concerns")),
        new Stage("checking-the-impact", "Checking the impact", List.of(
            "Agree how the impact will be measured",
            "Measure before and after the change",
            "Write down what was learned and share it")));

    private Stages() {
    }

    static Stage byKey(String key) {
        return ALL.stream().filter(stage -> stage.key().equals(key)).findFirst().orElse(null);
    }

    static List<String> keys() {
        return ALL.stream().map(Stage::key).toList();
    }
}
