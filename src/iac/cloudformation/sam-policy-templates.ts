// The SAM policy templates (`Policies: [{S3ReadPolicy: {BucketName: …}}]`) and the statements each one
// stands for, as the AWS SAM documentation defines them ("AWS SAM policy templates" in the SAM developer
// guide). A parameter is written `{ Ref: "ParameterName" }`; expansion substitutes the value the template
// item gives and then resolves intrinsics like any template value. The statements carry no `Version`: SAM
// emits none for them. test/iac/cloudformation/sam-policy-templates.test.ts keeps this table equal to
// SAM's own policy_templates.json (read from the shared corpus, never copied here).

export type TemplateJson = string | number | boolean | null | TemplateJson[] | { [key: string]: TemplateJson };

export interface SamPolicyTemplate {
  description: string;
  /** Parameter names, in SAM's order; every one is required. */
  parameters: string[];
  statements: TemplateJson[];
}

export const SAM_POLICY_TEMPLATES: Readonly<Record<string, SamPolicyTemplate>> = {
  AMIDescribePolicy: {
    description: "Gives permissions to describe AMIs",
    parameters: [],
    statements: [{ Action: ["ec2:DescribeImages"], Effect: "Allow", Resource: "*" }],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    description: "Grants permissions to GetSecretValue for the specified AWS Secrets Manager secret",
    parameters: ["SecretArn"],
    statements: [
      {
        Action: ["secretsmanager:GetSecretValue"],
        Effect: "Allow",
        Resource: { "Fn::Sub": ["${secretArn}", { secretArn: { Ref: "SecretArn" } }] },
      },
    ],
  },
  AWSSecretsManagerRotationPolicy: {
    description: "Grants permissions to APIs required to rotate a secret in AWS Secrets Manager",
    parameters: ["FunctionName"],
    statements: [
      {
        Action: [
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue",
          "secretsmanager:PutSecretValue",
          "secretsmanager:UpdateSecretVersionStage",
        ],
        Condition: {
          StringEquals: {
            "secretsmanager:resource/AllowRotationLambdaArn": {
              "Fn::Sub": [
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}",
                { functionName: { Ref: "FunctionName" } },
              ],
            },
          },
        },
        Effect: "Allow",
        Resource: {
          "Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*",
        },
      },
      { Action: ["secretsmanager:GetRandomPassword"], Effect: "Allow", Resource: "*" },
    ],
  },
  AcmGetCertificatePolicy: {
    description: "Gives permission to retrieve a certificate and its certificate chain from ACM",
    parameters: ["CertificateArn"],
    statements: [
      {
        Action: ["acm:GetCertificate"],
        Effect: "Allow",
        Resource: { "Fn::Sub": ["${certificateArn}", { certificateArn: { Ref: "CertificateArn" } }] },
      },
    ],
  },
  AthenaQueryPolicy: {
    description: "Gives permissions to execute Athena queries",
    parameters: ["WorkGroupName"],
    statements: [
      {
        Action: [
          "athena:ListWorkGroups",
          "athena:GetExecutionEngine",
          "athena:GetExecutionEngines",
          "athena:GetNamespace",
          "athena:GetCatalogs",
          "athena:GetNamespaces",
          "athena:GetTables",
          "athena:GetTable",
        ],
        Effect: "Allow",
        Resource: "*",
      },
      {
        Action: [
          "athena:StartQueryExecution",
          "athena:GetQueryResults",
          "athena:DeleteNamedQuery",
          "athena:GetNamedQuery",
          "athena:ListQueryExecutions",
          "athena:StopQueryExecution",
          "athena:GetQueryResultsStream",
          "athena:ListNamedQueries",
          "athena:CreateNamedQuery",
          "athena:GetQueryExecution",
          "athena:BatchGetNamedQuery",
          "athena:BatchGetQueryExecution",
          "athena:GetWorkGroup",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${workgroupName}",
            { workgroupName: { Ref: "WorkGroupName" } },
          ],
        },
      },
    ],
  },
  CloudFormationDescribeStacksPolicy: {
    description: "Gives permission to describe CloudFormation stacks",
    parameters: [],
    statements: [
      {
        Action: ["cloudformation:DescribeStacks"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*",
        },
      },
    ],
  },
  CloudWatchDashboardPolicy: {
    description: "Gives permissions to put metrics to operate on CloudWatch Dashboards",
    parameters: [],
    statements: [
      {
        Action: [
          "cloudwatch:GetDashboard",
          "cloudwatch:ListDashboards",
          "cloudwatch:PutDashboard",
          "cloudwatch:ListMetrics",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  CloudWatchDescribeAlarmHistoryPolicy: {
    description: "Gives permissions to describe CloudWatch alarm history",
    parameters: [],
    statements: [{ Action: ["cloudwatch:DescribeAlarmHistory"], Effect: "Allow", Resource: "*" }],
  },
  CloudWatchPutMetricPolicy: {
    description: "Gives permissions to put metrics to CloudWatch",
    parameters: [],
    statements: [{ Action: ["cloudwatch:PutMetricData"], Effect: "Allow", Resource: "*" }],
  },
  CodeCommitCrudPolicy: {
    description: "Gives permissions to create/read/update/delete objects within a specific codecommit repository",
    parameters: ["RepositoryName"],
    statements: [
      {
        Action: [
          "codecommit:GitPull",
          "codecommit:GitPush",
          "codecommit:CreateBranch",
          "codecommit:DeleteBranch",
          "codecommit:GetBranch",
          "codecommit:ListBranches",
          "codecommit:MergeBranchesByFastForward",
          "codecommit:MergeBranchesBySquash",
          "codecommit:MergeBranchesByThreeWay",
          "codecommit:UpdateDefaultBranch",
          "codecommit:BatchDescribeMergeConflicts",
          "codecommit:CreateUnreferencedMergeCommit",
          "codecommit:DescribeMergeConflicts",
          "codecommit:GetMergeCommit",
          "codecommit:GetMergeOptions",
          "codecommit:BatchGetPullRequests",
          "codecommit:CreatePullRequest",
          "codecommit:DescribePullRequestEvents",
          "codecommit:GetCommentsForPullRequest",
          "codecommit:GetCommitsFromMergeBase",
          "codecommit:GetMergeConflicts",
          "codecommit:GetPullRequest",
          "codecommit:ListPullRequests",
          "codecommit:MergePullRequestByFastForward",
          "codecommit:MergePullRequestBySquash",
          "codecommit:MergePullRequestByThreeWay",
          "codecommit:PostCommentForPullRequest",
          "codecommit:UpdatePullRequestDescription",
          "codecommit:UpdatePullRequestStatus",
          "codecommit:UpdatePullRequestTitle",
          "codecommit:DeleteFile",
          "codecommit:GetBlob",
          "codecommit:GetFile",
          "codecommit:GetFolder",
          "codecommit:PutFile",
          "codecommit:DeleteCommentContent",
          "codecommit:GetComment",
          "codecommit:GetCommentsForComparedCommit",
          "codecommit:PostCommentForComparedCommit",
          "codecommit:PostCommentReply",
          "codecommit:UpdateComment",
          "codecommit:BatchGetCommits",
          "codecommit:CreateCommit",
          "codecommit:GetCommit",
          "codecommit:GetCommitHistory",
          "codecommit:GetDifferences",
          "codecommit:GetObjectIdentifier",
          "codecommit:GetReferences",
          "codecommit:GetTree",
          "codecommit:GetRepository",
          "codecommit:UpdateRepositoryDescription",
          "codecommit:ListTagsForResource",
          "codecommit:TagResource",
          "codecommit:UntagResource",
          "codecommit:GetRepositoryTriggers",
          "codecommit:PutRepositoryTriggers",
          "codecommit:TestRepositoryTriggers",
          "codecommit:GetBranch",
          "codecommit:GetCommit",
          "codecommit:UploadArchive",
          "codecommit:GetUploadArchiveStatus",
          "codecommit:CancelUploadArchive",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${repositoryName}",
            { repositoryName: { Ref: "RepositoryName" } },
          ],
        },
      },
    ],
  },
  CodeCommitReadPolicy: {
    description: "Gives permissions to read objects within a specific codecommit repository",
    parameters: ["RepositoryName"],
    statements: [
      {
        Action: [
          "codecommit:GitPull",
          "codecommit:GetBranch",
          "codecommit:ListBranches",
          "codecommit:BatchDescribeMergeConflicts",
          "codecommit:DescribeMergeConflicts",
          "codecommit:GetMergeCommit",
          "codecommit:GetMergeOptions",
          "codecommit:BatchGetPullRequests",
          "codecommit:DescribePullRequestEvents",
          "codecommit:GetCommentsForPullRequest",
          "codecommit:GetCommitsFromMergeBase",
          "codecommit:GetMergeConflicts",
          "codecommit:GetPullRequest",
          "codecommit:ListPullRequests",
          "codecommit:GetBlob",
          "codecommit:GetFile",
          "codecommit:GetFolder",
          "codecommit:GetComment",
          "codecommit:GetCommentsForComparedCommit",
          "codecommit:BatchGetCommits",
          "codecommit:GetCommit",
          "codecommit:GetCommitHistory",
          "codecommit:GetDifferences",
          "codecommit:GetObjectIdentifier",
          "codecommit:GetReferences",
          "codecommit:GetTree",
          "codecommit:GetRepository",
          "codecommit:ListTagsForResource",
          "codecommit:GetRepositoryTriggers",
          "codecommit:TestRepositoryTriggers",
          "codecommit:GetBranch",
          "codecommit:GetCommit",
          "codecommit:GetUploadArchiveStatus",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${repositoryName}",
            { repositoryName: { Ref: "RepositoryName" } },
          ],
        },
      },
    ],
  },
  CodePipelineLambdaExecutionPolicy: {
    description: "Gives permission for a Lambda function invoked by AWS CodePipeline to report back status of the job",
    parameters: [],
    statements: [
      {
        Action: ["codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  CodePipelineReadOnlyPolicy: {
    description: "Gives read permissions to get details about a CodePipeline pipeline",
    parameters: ["PipelineName"],
    statements: [
      {
        Action: ["codepipeline:ListPipelineExecutions"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${pipelinename}",
            { pipelinename: { Ref: "PipelineName" } },
          ],
        },
      },
    ],
  },
  ComprehendBasicAccessPolicy: {
    description: "Gives access to Amazon Comprehend APIs for detecting entities, key phrases, languages and sentiments",
    parameters: [],
    statements: [
      {
        Action: [
          "comprehend:BatchDetectKeyPhrases",
          "comprehend:DetectDominantLanguage",
          "comprehend:DetectEntities",
          "comprehend:BatchDetectEntities",
          "comprehend:DetectKeyPhrases",
          "comprehend:DetectSentiment",
          "comprehend:BatchDetectDominantLanguage",
          "comprehend:BatchDetectSentiment",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  CostExplorerReadOnlyPolicy: {
    description: "Gives access to the readonly Cost Explorer APIs for billing history",
    parameters: [],
    statements: [
      {
        Action: [
          "ce:GetCostAndUsage",
          "ce:GetDimensionValues",
          "ce:GetReservationCoverage",
          "ce:GetReservationPurchaseRecommendation",
          "ce:GetReservationUtilization",
          "ce:GetTags",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  DynamoDBBackupFullAccessPolicy: {
    description: "Gives read/write permissions to DynamoDB on-demand backups for a table",
    parameters: ["TableName"],
    statements: [
      {
        Action: ["dynamodb:CreateBackup", "dynamodb:DescribeContinuousBackups"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
            { tableName: { Ref: "TableName" } },
          ],
        },
      },
      {
        Action: ["dynamodb:DeleteBackup", "dynamodb:DescribeBackup", "dynamodb:ListBackups"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/backup/*",
            { tableName: { Ref: "TableName" } },
          ],
        },
      },
    ],
  },
  DynamoDBCrudPolicy: {
    description: "Gives CRUD access to a DynamoDB Table",
    parameters: ["TableName"],
    statements: [
      {
        Action: [
          "dynamodb:GetItem",
          "dynamodb:DeleteItem",
          "dynamodb:PutItem",
          "dynamodb:Scan",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:BatchGetItem",
          "dynamodb:DescribeTable",
          "dynamodb:ConditionCheckItem",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
              { tableName: { Ref: "TableName" } },
            ],
          },
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
              { tableName: { Ref: "TableName" } },
            ],
          },
        ],
      },
    ],
  },
  DynamoDBReadPolicy: {
    description: "Gives read only access to a DynamoDB Table",
    parameters: ["TableName"],
    statements: [
      {
        Action: [
          "dynamodb:GetItem",
          "dynamodb:Scan",
          "dynamodb:Query",
          "dynamodb:BatchGetItem",
          "dynamodb:DescribeTable",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
              { tableName: { Ref: "TableName" } },
            ],
          },
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
              { tableName: { Ref: "TableName" } },
            ],
          },
        ],
      },
    ],
  },
  DynamoDBReconfigurePolicy: {
    description: "Gives access reconfigure to a DynamoDB Table",
    parameters: ["TableName"],
    statements: [
      {
        Action: ["dynamodb:UpdateTable"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
            { tableName: { Ref: "TableName" } },
          ],
        },
      },
    ],
  },
  DynamoDBRestoreFromBackupPolicy: {
    description: "Gives permissions to restore a table from backup",
    parameters: ["TableName"],
    statements: [
      {
        Action: ["dynamodb:RestoreTableFromBackup"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/backup/*",
            { tableName: { Ref: "TableName" } },
          ],
        },
      },
      {
        Action: [
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:Scan",
          "dynamodb:BatchWriteItem",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
            { tableName: { Ref: "TableName" } },
          ],
        },
      },
    ],
  },
  DynamoDBStreamReadPolicy: {
    description: "Gives permission to describe and read a DynamoDB Stream and Records",
    parameters: ["StreamName", "TableName"],
    statements: [
      {
        Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/${streamName}",
            { streamName: { Ref: "StreamName" }, tableName: { Ref: "TableName" } },
          ],
        },
      },
      {
        Action: ["dynamodb:ListStreams"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/*",
            { tableName: { Ref: "TableName" } },
          ],
        },
      },
    ],
  },
  DynamoDBWritePolicy: {
    description: "Gives write only access to a DynamoDB Table",
    parameters: ["TableName"],
    statements: [
      {
        Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
              { tableName: { Ref: "TableName" } },
            ],
          },
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
              { tableName: { Ref: "TableName" } },
            ],
          },
        ],
      },
    ],
  },
  EC2CopyImagePolicy: {
    description: "Gives permission top copy EC2 Images",
    parameters: ["ImageId"],
    statements: [
      {
        Action: ["ec2:CopyImage"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:image/${imageId}",
            { imageId: { Ref: "ImageId" } },
          ],
        },
      },
    ],
  },
  EC2DescribePolicy: {
    description: "Gives permission to describe EC2 instances",
    parameters: [],
    statements: [{ Action: ["ec2:DescribeRegions", "ec2:DescribeInstances"], Effect: "Allow", Resource: "*" }],
  },
  EFSWriteAccessPolicy: {
    description: "Gives permission to mount an Elastic File System with write access",
    parameters: ["AccessPoint", "FileSystem"],
    statements: [
      {
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Condition: {
          StringEquals: {
            "elasticfilesystem:AccessPointArn": {
              "Fn::Sub": [
                "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${AccessPoint}",
                { AccessPoint: { Ref: "AccessPoint" } },
              ],
            },
          },
        },
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}",
            { FileSystem: { Ref: "FileSystem" } },
          ],
        },
      },
    ],
  },
  EKSDescribePolicy: {
    description: "Gives permission to describe or list Amazon EKS clusters",
    parameters: [],
    statements: [{ Action: ["eks:DescribeCluster", "eks:ListClusters"], Effect: "Allow", Resource: "*" }],
  },
  EcsRunTaskPolicy: {
    description: "Gives permission to start a new task for a task definition",
    parameters: ["TaskDefinition"],
    statements: [
      {
        Action: ["ecs:RunTask"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/${taskDefinition}",
            { taskDefinition: { Ref: "TaskDefinition" } },
          ],
        },
      },
    ],
  },
  ElasticMapReduceAddJobFlowStepsPolicy: {
    description: "Gives permission to add new steps to a running cluster",
    parameters: ["ClusterId"],
    statements: [
      {
        Action: "elasticmapreduce:AddJobFlowSteps",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${clusterId}",
            { clusterId: { Ref: "ClusterId" } },
          ],
        },
      },
    ],
  },
  ElasticMapReduceCancelStepsPolicy: {
    description: "Gives permission to cancel a pending step or steps in a running cluster",
    parameters: ["ClusterId"],
    statements: [
      {
        Action: "elasticmapreduce:CancelSteps",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${clusterId}",
            { clusterId: { Ref: "ClusterId" } },
          ],
        },
      },
    ],
  },
  ElasticMapReduceModifyInstanceFleetPolicy: {
    description: "Gives permission to list details and modify capacities for instance fleets within a cluster",
    parameters: ["ClusterId"],
    statements: [
      {
        Action: ["elasticmapreduce:ModifyInstanceFleet", "elasticmapreduce:ListInstanceFleets"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${clusterId}",
            { clusterId: { Ref: "ClusterId" } },
          ],
        },
      },
    ],
  },
  ElasticMapReduceModifyInstanceGroupsPolicy: {
    description: "Gives permission to list details and modify settings for instance groups within a cluster",
    parameters: ["ClusterId"],
    statements: [
      {
        Action: ["elasticmapreduce:ModifyInstanceGroups", "elasticmapreduce:ListInstanceGroups"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${clusterId}",
            { clusterId: { Ref: "ClusterId" } },
          ],
        },
      },
    ],
  },
  ElasticMapReduceSetTerminationProtectionPolicy: {
    description: "Gives permission to set termination protection for a cluster",
    parameters: ["ClusterId"],
    statements: [
      {
        Action: "elasticmapreduce:SetTerminationProtection",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${clusterId}",
            { clusterId: { Ref: "ClusterId" } },
          ],
        },
      },
    ],
  },
  ElasticMapReduceTerminateJobFlowsPolicy: {
    description: "Gives permission to shut down a cluster",
    parameters: ["ClusterId"],
    statements: [
      {
        Action: "elasticmapreduce:TerminateJobFlows",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:elasticmapreduce:${AWS::Region}:${AWS::AccountId}:cluster/${clusterId}",
            { clusterId: { Ref: "ClusterId" } },
          ],
        },
      },
    ],
  },
  ElasticsearchHttpPostPolicy: {
    description: "Gives POST and PUT permissions to Elasticsearch",
    parameters: ["DomainName"],
    statements: [
      {
        Action: ["es:ESHttpPost", "es:ESHttpPut"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/${domainName}/*",
            { domainName: { Ref: "DomainName" } },
          ],
        },
      },
    ],
  },
  EventBridgePutEventsPolicy: {
    description: "Gives permissions to send events to EventBridge",
    parameters: ["EventBusName"],
    statements: [
      {
        Action: "events:PutEvents",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBusName}",
            { eventBusName: { Ref: "EventBusName" } },
          ],
        },
      },
    ],
  },
  FilterLogEventsPolicy: {
    description: "Gives permission to filter Log Events from a specified Log Group",
    parameters: ["LogGroupName"],
    statements: [
      {
        Action: ["logs:FilterLogEvents"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${logGroupName}:log-stream:*",
            { logGroupName: { Ref: "LogGroupName" } },
          ],
        },
      },
    ],
  },
  FirehoseCrudPolicy: {
    description: "Gives permission to create, write to, update, and delete a Kinesis Firehose Delivery Stream",
    parameters: ["DeliveryStreamName"],
    statements: [
      {
        Action: [
          "firehose:CreateDeliveryStream",
          "firehose:DeleteDeliveryStream",
          "firehose:DescribeDeliveryStream",
          "firehose:PutRecord",
          "firehose:PutRecordBatch",
          "firehose:UpdateDestination",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/${deliveryStreamName}",
            { deliveryStreamName: { Ref: "DeliveryStreamName" } },
          ],
        },
      },
    ],
  },
  FirehoseWritePolicy: {
    description: "Gives permission to write to a Kinesis Firehose Delivery Stream",
    parameters: ["DeliveryStreamName"],
    statements: [
      {
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/${deliveryStreamName}",
            { deliveryStreamName: { Ref: "DeliveryStreamName" } },
          ],
        },
      },
    ],
  },
  KMSDecryptPolicy: {
    description: "Gives permission to decrypt with KMS Key",
    parameters: ["KeyId"],
    statements: [
      {
        Action: "kms:Decrypt",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}",
            { keyId: { Ref: "KeyId" } },
          ],
        },
      },
    ],
  },
  KMSEncryptPolicy: {
    description: "Gives permission to encrypt with KMS Key",
    parameters: ["KeyId"],
    statements: [
      {
        Action: "kms:Encrypt",
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}",
            { keyId: { Ref: "KeyId" } },
          ],
        },
      },
    ],
  },
  KMSEncryptPolicy_v2: {
    description: "Gives permission to encrypt with KMS Key",
    parameters: ["KeyId"],
    statements: [
      {
        Action: [
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:GenerateDataKeyPair",
          "kms:GenerateDataKeyPairWithoutPlaintext",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}",
            { keyId: { Ref: "KeyId" } },
          ],
        },
      },
    ],
  },
  KinesisCrudPolicy: {
    description: "Gives permission to create, publish and delete Kinesis Stream",
    parameters: ["StreamName"],
    statements: [
      {
        Action: [
          "kinesis:AddTagsToStream",
          "kinesis:CreateStream",
          "kinesis:DecreaseStreamRetentionPeriod",
          "kinesis:DeleteStream",
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetShardIterator",
          "kinesis:IncreaseStreamRetentionPeriod",
          "kinesis:ListTagsForStream",
          "kinesis:MergeShards",
          "kinesis:PutRecord",
          "kinesis:PutRecords",
          "kinesis:SplitShard",
          "kinesis:RemoveTagsFromStream",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${streamName}",
            { streamName: { Ref: "StreamName" } },
          ],
        },
      },
    ],
  },
  KinesisStreamReadPolicy: {
    description: "Gives permission to list and read a Kinesis stream",
    parameters: ["StreamName"],
    statements: [
      {
        Action: ["kinesis:ListStreams", "kinesis:DescribeLimits"],
        Effect: "Allow",
        Resource: { "Fn::Sub": "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*" },
      },
      {
        Action: [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${streamName}",
            { streamName: { Ref: "StreamName" } },
          ],
        },
      },
    ],
  },
  LambdaInvokePolicy: {
    description: "Gives permission to invoke a Lambda Function, Alias or Version",
    parameters: ["FunctionName"],
    statements: [
      {
        Action: ["lambda:InvokeFunction"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*",
            { functionName: { Ref: "FunctionName" } },
          ],
        },
      },
    ],
  },
  MobileAnalyticsWriteOnlyAccessPolicy: {
    description: "Gives write only permissions to put event data for all application resources",
    parameters: [],
    statements: [{ Action: ["mobileanalytics:PutEvents"], Effect: "Allow", Resource: "*" }],
  },
  OrganizationsListAccountsPolicy: {
    description: "Gives readonly permission to list child account names and ids",
    parameters: [],
    statements: [{ Action: ["organizations:ListAccounts"], Effect: "Allow", Resource: "*" }],
  },
  PinpointEndpointAccessPolicy: {
    description: "Gives permissions to get and update endpoints for a Pinpoint application",
    parameters: ["PinpointApplicationId"],
    statements: [
      {
        Action: [
          "mobiletargeting:GetEndpoint",
          "mobiletargeting:UpdateEndpoint",
          "mobiletargeting:UpdateEndpointsBatch",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:mobiletargeting:${AWS::Region}:${AWS::AccountId}:apps/${pinpointApplicationId}/endpoints/*",
            { pinpointApplicationId: { Ref: "PinpointApplicationId" } },
          ],
        },
      },
    ],
  },
  PollyFullAccessPolicy: {
    description: "Gives full access permissions to Polly lexicon resources",
    parameters: ["LexiconName"],
    statements: [
      {
        Action: ["polly:GetLexicon", "polly:DeleteLexicon"],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/${lexiconName}",
              { lexiconName: { Ref: "LexiconName" } },
            ],
          },
        ],
      },
      {
        Action: [
          "polly:DescribeVoices",
          "polly:ListLexicons",
          "polly:PutLexicon",
          "polly:SynthesizeSpeech",
        ],
        Effect: "Allow",
        Resource: [{ "Fn::Sub": "arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/*" }],
      },
    ],
  },
  RekognitionDetectOnlyPolicy: {
    description: "Gives permission to detect faces, labels and text",
    parameters: [],
    statements: [
      {
        Action: [
          "rekognition:DetectFaces",
          "rekognition:DetectLabels",
          "rekognition:DetectModerationLabels",
          "rekognition:DetectText",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  RekognitionFacesManagementPolicy: {
    description: "Gives permission to add, delete and search faces in a collection",
    parameters: ["CollectionId"],
    statements: [
      {
        Action: [
          "rekognition:IndexFaces",
          "rekognition:DeleteFaces",
          "rekognition:SearchFaces",
          "rekognition:SearchFacesByImage",
          "rekognition:ListFaces",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${collectionId}",
            { collectionId: { Ref: "CollectionId" } },
          ],
        },
      },
    ],
  },
  RekognitionFacesPolicy: {
    description: "Gives permission to compare and detect faces and labels",
    parameters: [],
    statements: [
      {
        Action: ["rekognition:CompareFaces", "rekognition:DetectFaces"],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  RekognitionLabelsPolicy: {
    description: "Gives permission to detect object and moderation labels",
    parameters: [],
    statements: [
      {
        Action: ["rekognition:DetectLabels", "rekognition:DetectModerationLabels"],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  RekognitionNoDataAccessPolicy: {
    description: "Gives permission to compare and detect faces and labels",
    parameters: ["CollectionId"],
    statements: [
      {
        Action: [
          "rekognition:CompareFaces",
          "rekognition:DetectFaces",
          "rekognition:DetectLabels",
          "rekognition:DetectModerationLabels",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${collectionId}",
            { collectionId: { Ref: "CollectionId" } },
          ],
        },
      },
    ],
  },
  RekognitionReadPolicy: {
    description: "Gives permission to list and search faces",
    parameters: ["CollectionId"],
    statements: [
      {
        Action: [
          "rekognition:ListCollections",
          "rekognition:ListFaces",
          "rekognition:SearchFaces",
          "rekognition:SearchFacesByImage",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${collectionId}",
            { collectionId: { Ref: "CollectionId" } },
          ],
        },
      },
    ],
  },
  RekognitionWriteOnlyAccessPolicy: {
    description: "Gives permission to create collection and index faces",
    parameters: ["CollectionId"],
    statements: [
      {
        Action: ["rekognition:CreateCollection", "rekognition:IndexFaces"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:rekognition:${AWS::Region}:${AWS::AccountId}:collection/${collectionId}",
            { collectionId: { Ref: "CollectionId" } },
          ],
        },
      },
    ],
  },
  Route53ChangeResourceRecordSetsPolicy: {
    description: "Gives permission to change resource record sets in Route 53",
    parameters: ["HostedZoneId"],
    statements: [
      {
        Action: ["route53:ChangeResourceRecordSets"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:route53:::hostedzone/${HostedZoneId}",
            { HostedZoneId: { Ref: "HostedZoneId" } },
          ],
        },
      },
    ],
  },
  S3CrudPolicy: {
    description: "Gives CRUD permissions to objects in the S3 Bucket",
    parameters: ["BucketName"],
    statements: [
      {
        Action: [
          "s3:GetObject",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:PutObjectAcl",
          "s3:GetLifecycleConfiguration",
          "s3:PutLifecycleConfiguration",
          "s3:DeleteObject",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}", { bucketName: { Ref: "BucketName" } }],
          },
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}/*", { bucketName: { Ref: "BucketName" } }],
          },
        ],
      },
    ],
  },
  S3FullAccessPolicy: {
    description: "Gives full access permissions to objects in the S3 Bucket",
    parameters: ["BucketName"],
    statements: [
      {
        Action: [
          "s3:GetObject",
          "s3:GetObjectAcl",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:PutObjectAcl",
          "s3:DeleteObject",
          "s3:DeleteObjectTagging",
          "s3:DeleteObjectVersionTagging",
          "s3:GetObjectTagging",
          "s3:GetObjectVersionTagging",
          "s3:PutObjectTagging",
          "s3:PutObjectVersionTagging",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}/*", { bucketName: { Ref: "BucketName" } }],
          },
        ],
      },
      {
        Action: [
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:GetLifecycleConfiguration",
          "s3:PutLifecycleConfiguration",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}", { bucketName: { Ref: "BucketName" } }],
          },
        ],
      },
    ],
  },
  S3ReadPolicy: {
    description: "Gives read permissions to objects in the S3 Bucket",
    parameters: ["BucketName"],
    statements: [
      {
        Action: [
          "s3:GetObject",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:GetObjectVersion",
          "s3:GetLifecycleConfiguration",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}", { bucketName: { Ref: "BucketName" } }],
          },
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}/*", { bucketName: { Ref: "BucketName" } }],
          },
        ],
      },
    ],
  },
  S3WritePolicy: {
    description: "Gives write permissions to objects in the S3 Bucket",
    parameters: ["BucketName"],
    statements: [
      {
        Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}", { bucketName: { Ref: "BucketName" } }],
          },
          {
            "Fn::Sub": ["arn:${AWS::Partition}:s3:::${bucketName}/*", { bucketName: { Ref: "BucketName" } }],
          },
        ],
      },
    ],
  },
  SESBulkTemplatedCrudPolicy: {
    description: "Gives permission to send email, templated email, templated bulk emails and verify identity",
    parameters: ["IdentityName"],
    statements: [
      {
        Action: [
          "ses:GetIdentityVerificationAttributes",
          "ses:SendEmail",
          "ses:SendRawEmail",
          "ses:SendTemplatedEmail",
          "ses:SendBulkTemplatedEmail",
          "ses:VerifyEmailIdentity",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${identityName}",
            { identityName: { Ref: "IdentityName" } },
          ],
        },
      },
    ],
  },
  SESBulkTemplatedCrudPolicy_v2: {
    description: "Gives permission to send email, templated email, templated bulk emails and verify identity",
    parameters: ["IdentityName", "TemplateName"],
    statements: [
      {
        Action: [
          "ses:SendEmail",
          "ses:SendRawEmail",
          "ses:SendTemplatedEmail",
          "ses:SendBulkTemplatedEmail",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${identityName}",
              { identityName: { Ref: "IdentityName" } },
            ],
          },
          {
            "Fn::Sub": [
              "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:template/${templateName}",
              { templateName: { Ref: "TemplateName" } },
            ],
          },
        ],
      },
      {
        Action: ["ses:GetIdentityVerificationAttributes", "ses:VerifyEmailIdentity"],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  SESCrudPolicy: {
    description: "Gives permission to send email and verify identity",
    parameters: ["IdentityName"],
    statements: [
      {
        Action: [
          "ses:GetIdentityVerificationAttributes",
          "ses:SendEmail",
          "ses:SendRawEmail",
          "ses:VerifyEmailIdentity",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${identityName}",
            { identityName: { Ref: "IdentityName" } },
          ],
        },
      },
    ],
  },
  SESEmailTemplateCrudPolicy: {
    description: "Gives permission to create, get, list, update and delete SES Email Templates",
    parameters: [],
    statements: [
      {
        Action: [
          "ses:CreateTemplate",
          "ses:GetTemplate",
          "ses:ListTemplates",
          "ses:UpdateTemplate",
          "ses:DeleteTemplate",
          "ses:TestRenderTemplate",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  SESSendBouncePolicy: {
    description: "Gives SendBounce permission to a SES identity",
    parameters: ["IdentityName"],
    statements: [
      {
        Action: ["ses:SendBounce"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${identityName}",
            { identityName: { Ref: "IdentityName" } },
          ],
        },
      },
    ],
  },
  SNSCrudPolicy: {
    description: "Gives permissions to create, publish and subscribe to SNS topics",
    parameters: ["TopicName"],
    statements: [
      {
        Action: [
          "sns:ListSubscriptionsByTopic",
          "sns:CreateTopic",
          "sns:SetTopicAttributes",
          "sns:Subscribe",
          "sns:Publish",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}*",
            { topicName: { Ref: "TopicName" } },
          ],
        },
      },
    ],
  },
  SNSPublishMessagePolicy: {
    description: "Gives permission to publish message to SNS Topic",
    parameters: ["TopicName"],
    statements: [
      {
        Action: ["sns:Publish"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}",
            { topicName: { Ref: "TopicName" } },
          ],
        },
      },
    ],
  },
  SQSPollerPolicy: {
    description: "Gives permissions to poll an SQS Queue",
    parameters: ["QueueName"],
    statements: [
      {
        Action: [
          "sqs:ChangeMessageVisibility",
          "sqs:ChangeMessageVisibilityBatch",
          "sqs:DeleteMessage",
          "sqs:DeleteMessageBatch",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
            { queueName: { Ref: "QueueName" } },
          ],
        },
      },
    ],
  },
  SQSSendMessagePolicy: {
    description: "Gives permission to send message to SQS Queue",
    parameters: ["QueueName"],
    statements: [
      {
        Action: ["sqs:SendMessage*"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
            { queueName: { Ref: "QueueName" } },
          ],
        },
      },
    ],
  },
  SSMParameterReadPolicy: {
    description: "Gives access to a parameter to load secrets in this account. If not using default key, KMSDecryptPolicy will also be needed.",
    parameters: ["ParameterName"],
    statements: [
      { Action: ["ssm:DescribeParameters"], Effect: "Allow", Resource: "*" },
      {
        Action: ["ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${parameterName}",
            { parameterName: { Ref: "ParameterName" } },
          ],
        },
      },
    ],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    description: "Gives access to a parameter to load secrets in this account. If not using default key, KMSDecryptPolicy will also be needed.",
    parameters: ["ParameterName"],
    statements: [
      { Action: ["ssm:DescribeParameters"], Effect: "Allow", Resource: "*" },
      {
        Action: ["ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${parameterName}",
            { parameterName: { Ref: "ParameterName" } },
          ],
        },
      },
    ],
  },
  SageMakerCreateEndpointConfigPolicy: {
    description: "Gives permission to create an endpoint configuration in SageMaker",
    parameters: ["EndpointConfigName"],
    statements: [
      {
        Action: ["sagemaker:CreateEndpointConfig"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint-config/${endpointConfigName}",
            { endpointConfigName: { Ref: "EndpointConfigName" } },
          ],
        },
      },
    ],
  },
  SageMakerCreateEndpointPolicy: {
    description: "Gives permission to create an endpoint in SageMaker",
    parameters: ["EndpointName"],
    statements: [
      {
        Action: ["sagemaker:CreateEndpoint"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/${endpointName}",
            { endpointName: { Ref: "EndpointName" } },
          ],
        },
      },
    ],
  },
  ServerlessRepoReadWriteAccessPolicy: {
    description: "Gives access permissions to create and list applications in the AWS Serverless Application Repository service",
    parameters: [],
    statements: [
      {
        Action: [
          "serverlessrepo:CreateApplication",
          "serverlessrepo:CreateApplicationVersion",
          "serverlessrepo:UpdateApplication",
          "serverlessrepo:GetApplication",
          "serverlessrepo:ListApplications",
          "serverlessrepo:ListApplicationVersions",
          "serverlessrepo:ListApplicationDependencies",
        ],
        Effect: "Allow",
        Resource: [
          {
            "Fn::Sub": "arn:${AWS::Partition}:serverlessrepo:${AWS::Region}:${AWS::AccountId}:applications/*",
          },
        ],
      },
    ],
  },
  StepFunctionsCallbackPolicy: {
    description: "Gives permission to implement callback tasks in Step Functions",
    parameters: ["StateMachineName"],
    statements: [
      {
        Action: ["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${stateMachineName}",
            { stateMachineName: { Ref: "StateMachineName" } },
          ],
        },
      },
    ],
  },
  StepFunctionsExecutionPolicy: {
    description: "Gives permission to start a Step Functions state machine execution",
    parameters: ["StateMachineName"],
    statements: [
      {
        Action: ["states:StartExecution"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${stateMachineName}",
            { stateMachineName: { Ref: "StateMachineName" } },
          ],
        },
      },
    ],
  },
  StepFunctionsExecutionPolicy_v2: {
    description: "Gives permission to start a Step Functions state machine execution",
    parameters: ["StateMachineName"],
    statements: [
      {
        Action: ["states:StartExecution", "states:StartSyncExecution"],
        Effect: "Allow",
        Resource: {
          "Fn::Sub": [
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${stateMachineName}",
            { stateMachineName: { Ref: "StateMachineName" } },
          ],
        },
      },
    ],
  },
  TextractDetectAnalyzePolicy: {
    description: "Gives access to detect and analyze documents with Textract",
    parameters: [],
    statements: [
      {
        Action: [
          "textract:DetectDocumentText",
          "textract:StartDocumentTextDetection",
          "textract:StartDocumentAnalysis",
          "textract:AnalyzeDocument",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  TextractGetResultPolicy: {
    description: "Gives access to get detected and analyzed documents from Textract",
    parameters: [],
    statements: [
      {
        Action: ["textract:GetDocumentTextDetection", "textract:GetDocumentAnalysis"],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
  TextractPolicy: {
    description: "Gives full access to Textract",
    parameters: [],
    statements: [{ Action: ["textract:*"], Effect: "Allow", Resource: "*" }],
  },
  VPCAccessPolicy: {
    description: "Gives access to create, delete, describe and detach ENIs",
    parameters: [],
    statements: [
      {
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DetachNetworkInterface",
        ],
        Effect: "Allow",
        Resource: "*",
      },
    ],
  },
};

