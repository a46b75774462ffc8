package io.policystream.broker;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of a secure embedded broker, for the project's default topic names and learner
 * application id: what each principal needs and nothing more.
 *
 * <ul>
 *   <li>{@code User:learner}: read the events; read and write the params (it reads them into its
 *       global store and publishes new versions); write the history and the dead-letter topic;
 *       everything on the topics, consumer group and transactional ids prefixed by its
 *       application id (Kafka Streams' internal topics and exactly-once producers).</li>
 *   <li>{@code User:actor}: write the events; read the params and their history; its consumer
 *       groups, should it use any, are prefixed {@value #ACTOR_GROUP_PREFIX}.</li>
 *   <li>{@code User:admin} and {@code User:broker} are super users and need no ACL.</li>
 * </ul>
 */
public final class SecurityAcls {
    public static final String EVENTS = "policystream.events";
    public static final String PARAMS = "policystream.params";
    public static final String HISTORY = "policystream.params.history";
    public static final String DLQ = "policystream.dlq";
    /** The learner's default application.id: its group, internal topics and transactional ids start with it. */
    public static final String LEARNER_APPLICATION_ID = "policystream-learner";
    public static final String ACTOR_GROUP_PREFIX = "policystream-actor";

    private SecurityAcls() {
    }

    /** Every ACL of the secure embedded broker. */
    public static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        String learner = "User:" + BrokerSecurity.LEARNER;
        String actor = "User:" + BrokerSecurity.ACTOR;
        topic(acls, learner, EVENTS, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, learner, PARAMS, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, learner, HISTORY, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, learner, DLQ, AclOperation.WRITE, AclOperation.DESCRIBE);
        acls.add(allow(learner, ResourceType.TOPIC, LEARNER_APPLICATION_ID, PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(learner, ResourceType.GROUP, LEARNER_APPLICATION_ID, PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(learner, ResourceType.TRANSACTIONAL_ID, LEARNER_APPLICATION_ID, PatternType.PREFIXED,
                AclOperation.ALL));
        topic(acls, actor, EVENTS, AclOperation.WRITE, AclOperation.DESCRIBE);
        topic(acls, actor, PARAMS, AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, actor, HISTORY, AclOperation.READ, AclOperation.DESCRIBE);
        acls.add(allow(actor, ResourceType.GROUP, ACTOR_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    private static void topic(List<AclBinding> acls, String principal, String topic, AclOperation... ops) {
        for (AclOperation op : ops) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, op));
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }
}
