// What support conversations are about: a member's question and the assistant's answers.
export interface SupportTopic {
  title: string;
  questions: string[];
  answers: string[];
  followUps: string[];
  escalationReason: string;
}

export const SUPPORT_TOPICS: SupportTopic[] = [
  {
    title: "Card not arrived",
    questions: ["I ordered a replacement card two weeks ago and it still hasn't arrived.", "Where is my new debit card? It was supposed to be here last week."],
    answers: ["I'm sorry about the delay. I can see the card was mailed on the 3rd; cards usually arrive within 7-10 business days.", "Let me check the shipment. The card left our facility and is with the postal service."],
    followUps: ["Can you send a new one by express instead?", "I'm travelling next week, I really need it before then."],
    escalationReason: "Member needs an expedited card replacement",
  },
  {
    title: "Unrecognised charge",
    questions: ["There's a charge of $89.99 on my statement I don't recognise.", "I see two charges from the same store but I only bought once."],
    answers: ["Thanks for flagging this. I've locked the card as a precaution while we look into it.", "I can open a dispute for that transaction. Can you confirm the date it posted?"],
    followUps: ["It posted on Monday. I've never shopped there.", "Will I get the money back while you investigate?"],
    escalationReason: "Possible fraud: dispute requires a specialist",
  },
  {
    title: "Update address",
    questions: ["How do I change my mailing address?", "I moved last month, can you update my address?"],
    answers: ["You can update it under Profile > Contact details, or I can do it here if you give me the new address.", "Sure, I can help with that. What is the new street address and ZIP code?"],
    followUps: ["It's 42 Elm Street, Springfield, 62704.", "Do I need to send proof of address?"],
    escalationReason: "Address change needs identity verification",
  },
  {
    title: "Account locked",
    questions: ["I got locked out after too many password attempts.", "My account says it's locked, what do I do?"],
    answers: ["For your security the account locks after five attempts. I can send a reset link to your email on file.", "I've sent a verification code to your phone. Once you enter it you can set a new password."],
    followUps: ["I didn't get the code.", "The reset link says it expired."],
    escalationReason: "Member cannot complete self-service unlock",
  },
  {
    title: "Fee refund request",
    questions: ["Why was I charged a $35 overdraft fee?", "Can you refund the late fee? I paid a day late because of the holiday."],
    answers: ["I see the fee was applied when the balance went below zero on Friday.", "I understand. Let me review your account history for a courtesy refund."],
    followUps: ["This is the first time this has happened.", "I've been a member for ten years."],
    escalationReason: "Fee refund above the assistant's limit",
  },
];

export const PRIORITIES = [
  ["low", 15],
  ["normal", 55],
  ["high", 22],
  ["urgent", 8],
] as const;

export const STAFF = ["Jordan (Tier 2)", "Priya (Fraud)", "Marcus (Cards)", "Elena (Member Care)", "Sam (Tier 2)"] as const;
