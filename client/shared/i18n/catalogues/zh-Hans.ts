import type { CatalogueMeta } from './types';
import type { Messages } from './index';

// Machine-made: awaiting review by a native Chinese speaker.
export const meta: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

export const messages: Messages = {
  'app.title': 'Amanat — 安全报告',
  'app.tagline': '请告诉我们您或您的家人遭遇了什么。您的报告在发送前会在本设备上加密。',
  'language.label': '语言',
  'quickExit.button': '快速离开',
  'quickExit.hint': '连按两次 Esc 可立即离开此页面。',
  'safety.sharedDevice':
    '如果他人能看到或使用此设备，请使用无痕窗口，并在完成后关闭。我们不会在此设备上存储任何内容。',
  'directory.checking': '正在检查本组织的加密密钥…',
  'directory.ready': '加密已就绪：您发送的内容只有{recipients}能够阅读。',
  'directory.recipients': { other: '# 名经过审核的个案工作者' },
  'directory.demo': '这是演示版本。请不要在此发送真实报告。',
  'directory.error.title': '现在请不要在此发送任何内容。',
  'directory.error.directory_signature_invalid':
    '个案工作者密钥列表未经本组织签名。可能有人在干扰。',
  'directory.error.directory_wrong_organisation': '这些密钥并非来自本页面所属的组织。',
  'directory.error.directory_expired': '个案工作者密钥列表已过期。',
  'directory.error.directory_malformed': '个案工作者密钥列表已损坏。',
  'directory.error.recipient_key_invalid': '其中一个个案工作者密钥无效。',
  'directory.error.network': '无法连接服务器。请检查网络连接后重试。',
  'directory.error.advice': '请通过您信任的其他渠道联系本组织。',
};
