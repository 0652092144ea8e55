// The known privilege-escalation paths IAM105 looks for: RULES.md's list, completed from the reference notes
// (Rhino Security Labs' methods as parliament, cloudsplaining, pacu and PMapper encode them). Each path is a
// sequence of steps; a step is satisfied when the principal is allowed (on some resource) any one of its
// actions. `iam:PassRole` steps carry the service the role is passed to, so that an `iam:PassedToService`
// condition for another service does not open the path.

export interface EscalationStep {
  anyOf: readonly string[];
  /** The request context of the step (`iam:PassedToService`). */
  context?: Readonly<Record<string, string>>;
}

export interface EscalationPath {
  /** Stable id, part of the finding's fingerprint. */
  id: string;
  steps: readonly EscalationStep[];
  /** What the path gives, for the message. */
  gives: string;
}

const passRoleTo = (service: string): EscalationStep => ({ anyOf: ["iam:PassRole"], context: { "iam:PassedToService": service } });
const one = (...anyOf: string[]): EscalationStep => ({ anyOf });

export const ESCALATION_PATHS: readonly EscalationPath[] = [
  // Permissions on policies
  { id: "create-policy-version", steps: [one("iam:CreatePolicyVersion")], gives: "can rewrite a customer managed policy it holds into an administrator policy" },
  { id: "set-default-policy-version", steps: [one("iam:SetDefaultPolicyVersion")], gives: "can switch a policy it holds to an older, broader version" },
  { id: "attach-policy", steps: [one("iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy")], gives: "can attach AdministratorAccess to itself or to a principal it controls" },
  { id: "put-inline-policy", steps: [one("iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy")], gives: "can write an administrator inline policy onto itself or a principal it controls" },
  // Permissions on other principals
  { id: "create-access-key", steps: [one("iam:CreateAccessKey")], gives: "can create access keys for another, more privileged user" },
  { id: "login-profile", steps: [one("iam:CreateLoginProfile", "iam:UpdateLoginProfile")], gives: "can set a console password for another, more privileged user" },
  { id: "add-user-to-group", steps: [one("iam:AddUserToGroup")], gives: "can add itself to a more privileged group" },
  // Trust-policy takeover
  { id: "update-assume-role-policy", steps: [one("iam:UpdateAssumeRolePolicy"), one("sts:AssumeRole")], gives: "can rewrite a privileged role's trust policy and assume the role" },
  // iam:PassRole to a new compute or orchestration resource
  { id: "passrole-ec2", steps: [passRoleTo("ec2.amazonaws.com"), one("ec2:RunInstances", "ec2:RequestSpotInstances")], gives: "can launch an instance with a more privileged role and use its credentials" },
  { id: "passrole-lambda", steps: [passRoleTo("lambda.amazonaws.com"), one("lambda:CreateFunction"), one("lambda:InvokeFunction", "lambda:AddPermission", "lambda:CreateEventSourceMapping")], gives: "can create a function with a more privileged role and run it" },
  { id: "passrole-cloudformation", steps: [passRoleTo("cloudformation.amazonaws.com"), one("cloudformation:CreateStack", "cloudformation:UpdateStack")], gives: "can deploy a stack with a more privileged role, which creates whatever the stack says" },
  { id: "passrole-glue-dev-endpoint", steps: [passRoleTo("glue.amazonaws.com"), one("glue:CreateDevEndpoint")], gives: "can create a Glue development endpoint with a more privileged role and log in to it" },
  { id: "passrole-glue-job", steps: [passRoleTo("glue.amazonaws.com"), one("glue:CreateJob", "glue:UpdateJob"), one("glue:StartJobRun", "glue:CreateTrigger")], gives: "can run a Glue job with a more privileged role" },
  { id: "passrole-ecs", steps: [passRoleTo("ecs-tasks.amazonaws.com"), one("ecs:RegisterTaskDefinition"), one("ecs:RunTask", "ecs:StartTask", "ecs:CreateService")], gives: "can run a task with a more privileged task role" },
  { id: "passrole-codebuild", steps: [passRoleTo("codebuild.amazonaws.com"), one("codebuild:CreateProject"), one("codebuild:StartBuild", "codebuild:StartBuildBatch")], gives: "can run a build with a more privileged service role" },
  { id: "passrole-sagemaker", steps: [passRoleTo("sagemaker.amazonaws.com"), one("sagemaker:CreateNotebookInstance", "sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob")], gives: "can run a notebook or job with a more privileged execution role" },
  { id: "passrole-datapipeline", steps: [passRoleTo("datapipeline.amazonaws.com"), one("datapipeline:CreatePipeline")], gives: "can run a data pipeline with a more privileged role" },
  { id: "passrole-apprunner", steps: [passRoleTo("tasks.apprunner.amazonaws.com"), one("apprunner:CreateService")], gives: "can run an App Runner service with a more privileged instance role" },
  // Hijacking an existing resource that already has a role
  { id: "lambda-update-code", steps: [one("lambda:UpdateFunctionCode")], gives: "can replace the code of a function and act with its role" },
  { id: "glue-update-dev-endpoint", steps: [one("glue:UpdateDevEndpoint")], gives: "can add its SSH key to a Glue development endpoint and act with its role" },
  { id: "ec2-user-data", steps: [one("ec2:ModifyInstanceAttribute"), one("ec2:StopInstances"), one("ec2:StartInstances")], gives: "can swap an instance's user data and run code with its role" },
  { id: "ssm-command", steps: [one("ssm:SendCommand", "ssm:StartSession")], gives: "can run commands on instances and act with their roles" },
  { id: "ecs-exec", steps: [one("ecs:ExecuteCommand")], gives: "can open a shell in a running task and act with its task role" },
  { id: "ec2-instance-connect", steps: [one("ec2-instance-connect:SendSSHPublicKey")], gives: "can log in to instances and act with their roles" },
  { id: "sagemaker-notebook-url", steps: [one("sagemaker:CreatePresignedNotebookInstanceUrl")], gives: "can open a notebook and act with its execution role" },
];

/** `iam:PassRole + ec2:RunInstances|ec2:RequestSpotInstances`. */
export function describeSteps(path: EscalationPath): string {
  return path.steps.map((step) => step.anyOf.join("|")).join(" + ");
}
